# Economics and comparison tests: cost model, discounting and payback, paired comparison,
# assumptions diff, and `ehsim compare` end to end (files, workbook sheets, exit codes).
find_package(ZLIB REQUIRED)  # to read the workbook's zip entries in the test
ehsim_add_gtest(economics_tests
  economics/cost_model_test.cpp
  economics/comparison_test.cpp
  economics/compare_command_test.cpp
)
target_link_libraries(economics_tests PRIVATE ZLIB::ZLIB)
target_compile_definitions(economics_tests PRIVATE
  EHSIM_ECONOMICS_TEST_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/economics/data"
  EHSIM_BINARY="$<TARGET_FILE:ehsim>")
add_dependencies(economics_tests ehsim)
