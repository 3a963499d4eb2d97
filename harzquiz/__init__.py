"""HarzQuiz: the weekly riddle and quizzes for a regional news portal in the Harz."""

from harzquiz.app import ROOT, create_app

__all__ = ["ROOT", "create_app"]
