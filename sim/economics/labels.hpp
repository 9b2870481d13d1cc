#pragma once
// Ids as people read them, for the workbook: "childrens_social_care" -> "Children's social
// care", "dwp" -> "DWP". The same rules as the report's (viz/labels.cpp).

#include <string>

namespace ehsim {

std::string readable_id(const std::string& id);

}  // namespace ehsim
