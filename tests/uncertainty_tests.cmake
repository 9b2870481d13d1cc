# Uncertainty tests: parameter distributions and draws, probabilistic and one-way sensitivity,
# switching values and goal-seek, against answers known without the simulation.
ehsim_add_gtest(uncertainty_tests uncertainty/uncertainty_test.cpp uncertainty/goal_seek_test.cpp)
# goal-seek's command-line test runs the program.
target_compile_definitions(uncertainty_tests PRIVATE EHSIM_BINARY="$<TARGET_FILE:ehsim>")
add_dependencies(uncertainty_tests ehsim)
