# Economics and comparison tests: added with the economics model.
