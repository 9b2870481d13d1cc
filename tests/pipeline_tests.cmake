# Pipeline tests: the library runs and compares scenarios in one process; parameters by pointer.
ehsim_add_gtest(pipeline_tests pipeline/pipeline_test.cpp)
