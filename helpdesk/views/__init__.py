"""The helpdesk's pages, one module per area: booking, waitlist, volunteer, office, call list, audit log."""
