"""The centre: the HTTP service in front of the central database (DESIGN.md "Two programs").

The only program that holds the database's credentials. It signs users in, enrols devices,
applies pushed commands after proving who made them (centre.apply), serves the change log
(centre.feed) and the questions wider than an office (centre.queries). `centre.app` wires
them into one FastAPI application; `hongdun centre serve` runs it under uvicorn.
"""
