# Scenario tests: added with the scenario test suite.
