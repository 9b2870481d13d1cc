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

# The workbook in a real spreadsheet engine: LibreOffice headless recalculates it as written
# (every formula equals the value ehsim cached, and the totals and NPV equal ehsim's means), with
# a changed discount rate (against the discount formula on comparison.json's years) and with a
# doubled unit cost (against ehsim re-run with it doubled). Skipped (77) without LibreOffice.
add_test(NAME workbook_recalculates_in_libreoffice
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/economics/workbook_recalc.py
          $<TARGET_FILE:ehsim> ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/workbook-recalc)
set_tests_properties(workbook_recalculates_in_libreoffice PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
