"""HarzQuiz: the weekly riddle and quizzes for a regional news portal in the Harz."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from . import clock
from . import config as config_module

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, extensions, blueprints; nothing else."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(config_module.Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = (
        f"sqlite:///{os.path.join(app.instance_path, 'harzquiz.sqlite')}"
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        config_module.load_environment(app.config)
    else:
        app.config.from_mapping(test_config)
    config_module.check_secret_key(app)
    config_module.check_drivers(app)
    app.config["NOW"] = clock.parse_frozen(app.config.get("NOW"))

    from .wiring import init_extensions, register_blueprints, register_cli

    init_extensions(app)
    register_blueprints(app)
    register_cli(app)
    return app
