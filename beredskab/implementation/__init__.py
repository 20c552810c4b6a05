"""The plan's implementation: revision reminders, dissemination, training and knowledge sharing."""
