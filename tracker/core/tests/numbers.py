"""What people (and robots) type into number boxes that is no number a form may accept."""

NOT_WHOLE_NUMBERS = [
    "1e400",
    "NaN",
    "Infinity",
    "-Infinity",
    "2.5",
    "9" * 30,  # too big for any database column
    "1" * 5000,  # too long for Python to read as a number
    "three",
]
