#pragma once
// Fills the report's HTML templates (viz/assets/*.html), a small subset of Mustache:
//   {{name}}     the value, HTML-escaped (text and attribute values)
//   {{{name}}}   the value as it is (markup the caller built and escaped itself)
//   {{! note }}  dropped, with the line end straight after it: notes for whoever edits the file
// There are no sections or loops: the code builds repeated rows and passes them as markup.

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ehsim::viz {

// A template that does not match what the code gives it: a name the template uses that the code
// did not give, a value the template never uses, or an unclosed tag. A bug in the program or
// the template, never in the results being reported.
class TemplateError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

using TemplateValues = std::vector<std::pair<std::string_view, std::string_view>>;

// `name` is the template's file name, for the error message.
std::string fill_template(std::string_view name, std::string_view text,
                          const TemplateValues& values);

}  // namespace ehsim::viz
