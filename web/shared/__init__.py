"""What the pages of several domains are built from: the create-and-edit page, the filtered
list, telling a person about a refusal, sending a stored file, and a unit's own records."""
