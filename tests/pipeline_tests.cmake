# Pipeline tests: the library runs and compares scenarios in one process; parameters by pointer;
# the results files as types (summary.json, comparison.json): round trips and strict reading.
ehsim_add_gtest(pipeline_tests pipeline/pipeline_test.cpp pipeline/typed_results_test.cpp)
