"""The periodic jobs run by the worker: firing, claiming a run, catching up, the admin's page."""
