"""Registration (登记注册): the register search, entity detail, application form, review queue
and licence printing. `areas.register(window)` puts them on the navigation rail."""
