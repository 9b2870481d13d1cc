# engine tests: added with the engine
