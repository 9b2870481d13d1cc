# Report tests: the committee report from a fixture results directory shaped like `ehsim
# compare`'s output (tests/report/data/comparison, made by tests/report/data/make_fixture.py
# from two real `ehsim run` directories), then the same report opened in headless Chromium.
ehsim_add_gtest(report_tests report/report_test.cpp)
target_link_libraries(report_tests PRIVATE ehsim_viz)
target_compile_definitions(report_tests PRIVATE
  EHSIM_REPORT_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/report/data"
  EHSIM_BINARY="$<TARGET_FILE:ehsim>")
add_dependencies(report_tests ehsim)

# Every chart draws in a real browser with no console error; keeps a screenshot of the first
# screen and a PDF in the build tree. Skipped (exit 77) only when Chromium is not installed.
add_test(NAME report_renders_in_chromium
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/report/check_in_chromium.sh $<TARGET_FILE:ehsim>
          ${CMAKE_CURRENT_SOURCE_DIR}/report/data ${CMAKE_CURRENT_BINARY_DIR}/report-artefacts
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(report_renders_in_chromium PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
