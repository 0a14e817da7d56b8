"""French text shared by every stage: typography (no-break spaces, apostrophes) and dates.

Pure modules (values in, values out): the editions render with them, the audience's emails
and the desk write with them, and nothing here imports a stage.
"""
