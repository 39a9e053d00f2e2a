"""The home page renders the zoo without exceptions, in both languages."""

from __future__ import annotations

from helpers import app_test
from streamlit.testing.v1 import AppTest

from cnnviz.models import zoo


def run_app() -> AppTest:
    return app_test().run()


def test_home_shows_every_zoo_model() -> None:
    app = run_app()
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["Name"]) == [spec.name for spec in zoo.list_models()]
    assert "333,526" in list(table["Parameters"])
    assert app.title[0].value.startswith("cnnviz")


def test_home_switches_to_korean() -> None:
    app = run_app()
    app.sidebar.selectbox(key="lang").set_value("ko").run()
    assert not app.exception
    assert app.subheader[0].value == "30초 둘러보기"
    assert "모델" in app.dataframe[0].value.columns
