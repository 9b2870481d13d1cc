# Scenario format and validation: loading, the broken-file catalogue, merge patch, the pathway
# graph checks and the ehsim program's exit codes. Every test name contains "Scenario" so that
# `ctest -R Scenario` selects exactly this suite.
ehsim_add_gtest(scenario_tests
  scenario/scenario_test_support.cpp
  scenario/scenario_load_test.cpp
  scenario/scenario_catalogue_test.cpp
  scenario/scenario_section_test.cpp
  scenario/scenario_merge_patch_test.cpp
  scenario/scenario_pathway_graph_test.cpp
  scenario/scenario_cli_test.cpp)
# The CLI tests run the built program: pass its path in and build it first.
target_compile_definitions(scenario_tests PRIVATE EHSIM_CLI="$<TARGET_FILE:ehsim>")
add_dependencies(scenario_tests ehsim)
