"""The interview: the next question to ask, the foresight behind it, and the questionnaire."""
