"""Pure-Python pieces shared with training: no FastAPI, no SQLAlchemy imports here."""
