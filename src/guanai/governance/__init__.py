"""Work organisation (工作机制, issue 21): leading groups and duties, annual work plans,
practical matters (实事), supervision visits with rectifications to a deadline (督查整改),
multi-year targets with yearly progress. Sub-domains: ``groups/``, ``plans/``, ``matters/``,
``supervision/``, ``targets/``; what the apps above offer comes through ``extensions``."""
