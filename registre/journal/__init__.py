"""The audit log pages (« Journal »): an académie's for its DPD, all for the administrator."""
