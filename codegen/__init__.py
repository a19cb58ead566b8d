"""Build tools for mainwp-async (not shipped): Postman collection -> attrs models + async stubs."""
