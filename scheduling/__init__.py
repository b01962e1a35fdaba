"""When reminders fall due: date arithmetic, reminder series and the rules in force.

Below the models that plan their due columns with it; it knows no model.
"""
