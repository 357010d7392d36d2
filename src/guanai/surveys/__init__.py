"""Needs surveys (摸底排查, 调查分析): questionnaires, rounds, answers, analysis (DESIGN §4)."""
