"""The public register: what parents and anyone may read without logging in."""
