"""The surveys API: questionnaires, rounds, answers, analysis."""
