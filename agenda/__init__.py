"""Agenda public: the programme of a public event season with many organisers."""
