"""The demo event: a fictional version of the 2023 Social Innovation Hackathon (SocialTech4EU).

Everything here is invented (the farm, the people, the e-mail addresses) but shaped like the
real weekend: 16 social enterprises from Italy, Romania, Sweden, Germany and Spain, 40 Bavarian
creative-industry sparring partners plus a few practitioners of the rural "living lab", 8 coaches,
design-thinking stages and a historic farm in Lower Bavaria. The data is fixed (no randomness) so
tests and screenshots are stable. Teams and partners live in demo_teams.py and demo_partners.py.
"""
from datetime import date

EVENT = {
    "name": "Social Innovation Hackathon 2023",
    "venue": "Gut Aichenried, a historic four-sided farm in rural Lower Bavaria",
    "description": (
        "A weekend of the SocialTech4EU programme: 16 social enterprises from Italy, Romania, "
        "Sweden, Germany and Spain work on their challenges with Bavarian sparring partners "
        "from the creative industries and a team of coaches, step by step through design "
        "thinking. The rural region around the farm joins in as a living lab: farmers, a "
        "mayor, a village shop and a care home share what they know."),
    "starts_on": date(2023, 9, 22),
    "ends_on": date(2023, 9, 24),
    "timezone": "Europe/Berlin",
    "registration_open": True,
}

STAGES = ["empathize", "define", "ideate", "prototype", "test"]

LANGUAGES = [
    ("en", "English"), ("de", "Deutsch"), ("it", "Italiano"), ("ro", "Română"),
    ("sv", "Svenska"), ("es", "Español"), ("fr", "Français"),
]

SKILLS = [
    ("interviewing", "Interviewing"),
    ("field-research", "Field research"),
    ("ux-research", "UX research"),
    ("service-design", "Service design"),
    ("storytelling", "Storytelling"),
    ("video", "Video"),
    ("photography", "Photography"),
    ("graphic-design", "Graphic design"),
    ("branding", "Branding"),
    ("web-development", "Web development"),
    ("3d-printing", "3D printing"),
    ("prototyping", "Prototyping"),
    ("social-media", "Social media"),
    ("business-model", "Business model"),
    ("pricing", "Pricing"),
    ("funding", "Funding"),
    ("legal", "Legal"),
    ("accessibility", "Accessibility"),
    ("data-analysis", "Data analysis"),
    ("facilitation", "Facilitation"),
]

# (name, capacity, max_teams): 17 team places, so all 16 teams fit with their partners.
ROOMS = [
    ("Big barn", 24, 3),
    ("Hayloft", 16, 2),
    ("Stable", 14, 2),
    ("Orchard tent", 16, 2),
    ("Granary", 14, 2),
    ("Parlour", 8, 1),
    ("Farmhouse kitchen", 8, 1),
    ("Garden pavilion", 8, 1),
    ("Cider press house", 7, 1),
    ("Old bakehouse", 7, 1),
    ("Chapel room", 7, 1),
]

# (key, day, start, end, title, kind, stage, place); day 0 is Friday 22 September 2023.
# The key names the sparring sessions in partners' availability (demo_partners.py).
TIMETABLE = [
    (None, 0, "17:00", "18:00", "Arrival and check-in", "other", None, "Farmyard"),
    (None, 0, "18:00", "19:00", "Kick-off: welcome and team introductions", "plenary", None,
     "Big barn"),
    (None, 0, "19:00", "21:00", "Dinner: farm buffet", "meal", None, "Orchard tent"),
    (None, 1, "07:30", "08:45", "Breakfast", "meal", None, "Farmhouse kitchen"),
    ("sat1", 1, "09:00", "10:30", "Sparring 1: Empathize", "sparring", "empathize", ""),
    ("sat2", 1, "11:00", "12:30", "Sparring 2: Define", "sparring", "define", ""),
    (None, 1, "12:30", "13:30", "Lunch", "meal", None, "Orchard tent"),
    ("sat3", 1, "13:30", "15:00", "Sparring 3: Ideate", "sparring", "ideate", ""),
    ("sat4", 1, "15:30", "17:00", "Sparring 4: From ideas to prototypes", "sparring",
     "prototype", ""),
    (None, 1, "17:15", "18:15", "Coaching hour", "coaching", None, "Big barn"),
    (None, 1, "18:30", "20:30", "Dinner and campfire", "meal", None, "Orchard tent"),
    (None, 2, "08:00", "09:00", "Breakfast", "meal", None, "Farmhouse kitchen"),
    ("sun1", 2, "09:00", "10:30", "Sparring 5: Prototype", "sparring", "prototype", ""),
    ("sun2", 2, "11:00", "12:30", "Sparring 6: Test with the living lab", "sparring", "test",
     ""),
    (None, 2, "12:30", "13:30", "Lunch", "meal", None, "Orchard tent"),
    (None, 2, "13:30", "15:00", "Pitches", "plenary", None, "Big barn"),
    (None, 2, "15:00", "15:30", "Farewell", "plenary", None, "Big barn"),
]

# Partners' availability, by the sparring-session keys of TIMETABLE.
AVAILABILITY = {
    "all": ["sat1", "sat2", "sat3", "sat4", "sun1", "sun2"],
    "sat": ["sat1", "sat2", "sat3", "sat4"],
    "sat-am": ["sat1", "sat2"],
    "sat-pm+sun": ["sat3", "sat4", "sun1", "sun2"],
    "sun": ["sun1", "sun2"],
    "test": ["sun2"],
}

# Coaches: (name, organisation, skills, languages, max_teams); account coach<n>@example.org.
COACHES = [
    ("Martina Obermaier", "Impact Hub Niederbayern (fictional)",
     ["business-model", "funding", "pricing"], ["de", "en"], 3),
    ("Paolo Ricci", "Laboratorio Sociale Torino", ["service-design", "facilitation",
                                                    "interviewing"], ["it", "en"], 2),
    ("Ioana Munteanu", "Atelier Social Cluj", ["storytelling", "social-media", "funding"],
     ["ro", "en", "fr"], 2),
    ("Erik Lindqvist", "Kooperativ Rådgivning Örebro", ["business-model", "facilitation",
                                                        "data-analysis"], ["sv", "en"], 2),
    ("Lucía Gómez Sanz", "Innova Social Aragón", ["ux-research", "service-design"],
     ["es", "en"], 3),
    ("Bernhard Pfaffinger", "Werkraum Landshut", ["prototyping", "3d-printing",
                                                  "web-development"], ["de", "en"], 2),
    ("Sarah Mitterer", "Mitterer Design Coaching", ["branding", "graphic-design",
                                                    "storytelling"], ["de", "en", "it"], 2),
    ("Jonas Weber", "Sozialrecht & Förderung Weber", ["legal", "funding", "accessibility"],
     ["de", "en", "es"], 3),
]

ORGANISER = ("organiser@example.org", "Olga Organiser")
