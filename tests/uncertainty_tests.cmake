# Uncertainty tests: parameter distributions and draws, probabilistic and one-way sensitivity,
# switching values and goal-seek, against answers known without the simulation.
# The outputs test reads the workbook's sheets back (zlib for its zip entries).
find_package(ZLIB REQUIRED)
ehsim_add_gtest(uncertainty_tests uncertainty/uncertainty_test.cpp uncertainty/goal_seek_test.cpp
  uncertainty/joint_draws_test.cpp uncertainty/uncertainty_outputs_test.cpp
  uncertainty/value_of_information_test.cpp)
target_link_libraries(uncertainty_tests PRIVATE ZLIB::ZLIB)
# goal-seek's command-line test runs the program.
target_compile_definitions(uncertainty_tests PRIVATE EHSIM_BINARY="$<TARGET_FILE:ehsim>")
add_dependencies(uncertainty_tests ehsim)
