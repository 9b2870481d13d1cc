# Engine tests: known answers (Markov chain, age bands), Monte Carlo properties (conservation,
# determinism across threads, common random numbers, zero effect), sampling, staffing, outputs;
# the simulation's parts alone (event queue, recorder, service teams and waiting lists, families).
ehsim_add_gtest(engine_tests
  engine/ctmc_test.cpp
  engine/monte_carlo_test.cpp
  engine/distributions_test.cpp
  engine/staffing_and_stats_test.cpp
  engine/outputs_test.cpp
  engine/capacity_test.cpp
  engine/parts_test.cpp
  engine/replication_recorder_test.cpp
  engine/service_teams_test.cpp
  engine/families_in_test.cpp
  engine/warm_up_test.cpp
  engine/csv_test.cpp
  engine/waits_test.cpp
  engine/metric_test.cpp
  engine/process_group_test.cpp
)
target_compile_definitions(engine_tests PRIVATE
  EHSIM_ENGINE_TEST_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/engine/data"
  EHSIM_BINARY="$<TARGET_FILE:ehsim>")
add_dependencies(engine_tests ehsim)
