"""The public web gallery and the operator's endpoints (Starlette, Jinja2, uvicorn)."""
