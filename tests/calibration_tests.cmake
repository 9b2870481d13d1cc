# Calibration tests: recovering known parameters (the method's known answer), determinism, the
# calibrated scenario, bad calibration files.
ehsim_add_gtest(calibration_tests calibration/calibration_test.cpp)
