"""The plan's implementation: revision reminders, dissemination with acknowledgements, training and knowledge sharing."""
