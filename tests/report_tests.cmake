# Report tests: added with the HTML report.
