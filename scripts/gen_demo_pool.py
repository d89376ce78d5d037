#!/usr/bin/env python3
"""Generate the demo Cognito user pool served by ``cognito-tui --demo``.

Writes ``assets/demo_pool.json``: one fictional user pool ("acme-customers
(demo)", eu-west-1) with its attribute schema (Cognito standard attributes in
Cognito's order, then custom ones) and 240 users.  The users are meant to look
like a real production pool: mostly CONFIRMED, a realistic spread of the other
statuses, ~5% disabled, international names (non-ASCII, right-to-left,
family-name-first), quotes and backslashes in values, a very long address,
users with only ``sub`` + ``email``, federated users, and a handful of
memorable "support desk" users at the top of the list (``jo.bloggs``,
``ada.lovelace``, ...).

``assets/demo_pool.json`` is committed output.  Do not edit it by hand;
change this script and regenerate with::

    python3 scripts/gen_demo_pool.py            # (re)write assets/demo_pool.json
    python3 scripts/gen_demo_pool.py --check    # exit 1 if the file is stale

The script uses only the standard library and a fixed random seed, so running
it twice gives byte-identical output.  All people are fictional; e-mail
domains are reserved example domains (RFC 2606) and phone numbers come from
ranges reserved for fiction (Ofcom 07700 900xxx, NANP 555-01xx,
ARCEP 06 39 98 xx xx).
"""

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
import unicodedata
import uuid

SEED = 20240605
USER_COUNT = 240
UTC = dt.timezone.utc
POOL_CREATED = dt.datetime(2021, 3, 8, 9, 12, 44, tzinfo=UTC)
NOW = dt.datetime(2025, 6, 2, 15, 30, 0, tzinfo=UTC)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "assets", "demo_pool.json"))

# --------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------

# (name, data_type, required, mutable) in the order DescribeUserPool lists them.
STANDARD_SCHEMA = [
    ("sub", "String", True, False),
    ("name", "String", False, True),
    ("given_name", "String", False, True),
    ("family_name", "String", False, True),
    ("middle_name", "String", False, True),
    ("nickname", "String", False, True),
    ("preferred_username", "String", False, True),
    ("profile", "String", False, True),
    ("picture", "String", False, True),
    ("website", "String", False, True),
    ("email", "String", True, True),
    ("email_verified", "Boolean", False, True),
    ("gender", "String", False, True),
    ("birthdate", "String", False, True),
    ("zoneinfo", "String", False, True),
    ("locale", "String", False, True),
    ("phone_number", "String", False, True),
    ("phone_number_verified", "Boolean", False, True),
    ("address", "String", False, True),
    ("updated_at", "Number", False, True),
]
CUSTOM_SCHEMA = [
    ("custom:tenant_id", "String", False, False),
    ("custom:plan", "String", False, True),
    ("custom:crm_id", "String", False, True),
    ("custom:marketing_opt_in", "Boolean", False, True),
    ("custom:loyalty_points", "Number", False, True),
]
# Cognito adds "identities" (a JSON string) to federated users; it is not part
# of the declared schema.  Attributes are emitted in this order, sub first.
ATTR_ORDER = [a[0] for a in STANDARD_SCHEMA] + [a[0] for a in CUSTOM_SCHEMA] + ["identities"]
ATTR_TYPES = {a[0]: a[1] for a in STANDARD_SCHEMA + CUSTOM_SCHEMA}
ATTR_TYPES["identities"] = "String"

STATUSES = [
    "CONFIRMED", "UNCONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED",
    "EXTERNAL_PROVIDER", "ARCHIVED", "COMPROMISED",
]
# Exact status spread for the whole pool (sums to USER_COUNT).
STATUS_QUOTA = {
    "CONFIRMED": 188,
    "UNCONFIRMED": 18,
    "FORCE_CHANGE_PASSWORD": 12,
    "RESET_REQUIRED": 6,
    "EXTERNAL_PROVIDER": 11,
    "COMPROMISED": 3,
    "ARCHIVED": 2,
}
DISABLED_COUNT = 12  # 5%

# --------------------------------------------------------------------------
# Name data.  "native|roman" gives an explicit romanisation (used for e-mail
# addresses and usernames); "masc / fem" gives gendered family names.
# --------------------------------------------------------------------------

CULTURES = [
    dict(key="gb", weight=15, script="latin", order="western",
         places=[("en-GB", "Europe/London", "GB")] * 5 + [("en", "Europe/London", "GB")],
         given_m=["Oliver", "Harry", "George", "Jack", "Thomas", "James", "William", "Daniel",
                  "Callum", "Rhys", "Alfie", "Ewan", "Samuel", "Joseph"],
         given_f=["Olivia", "Amelia", "Isla", "Emily", "Sophie", "Charlotte", "Hannah", "Freya",
                  "Megan", "Chloe", "Eleanor", "Poppy", "Imogen", "Harriet"],
         family=["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Davies", "Evans",
                 "Roberts", "Walker", "Wright", "Hughes", "Patel", "Khan", "Clarke", "Ellis",
                 "Price", "Lloyd", "Fitzgerald", "Carter-Jones", "Ashworth", "MacLeod",
                 "McKenzie", "Begum"]),
    dict(key="us", weight=15, script="latin", order="western",
         places=[("en-US", "America/New_York", "US"), ("en-US", "America/Chicago", "US"),
                 ("en-US", "America/Denver", "US"), ("en-US", "America/Los_Angeles", "US"),
                 ("en-US", "America/Phoenix", "US"), ("es-US", "America/Los_Angeles", "US"),
                 ("en-CA", "America/Toronto", "US"), ("en-CA", "America/Vancouver", "US")],
         given_m=["Michael", "Ethan", "Noah", "Liam", "Mason", "Tyler", "Jacob", "Andrew",
                  "Marcus", "DeShawn", "Caleb", "Ryan", "Brandon", "Austin"],
         given_f=["Emma", "Ava", "Madison", "Abigail", "Harper", "Jessica", "Ashley", "Kayla",
                  "Aaliyah", "Samantha", "Grace", "Brianna", "Taylor", "Mackenzie"],
         family=["Johnson", "Miller", "Davis", "Rodriguez", "Martinez", "Anderson", "Jackson",
                 "Thompson", "White", "Harris", "Lee", "Nguyen", "Kim", "Robinson", "Young",
                 "Hernandez", "King", "Washington", "McAllister", "DiMaggio", "Goldberg",
                 "Kowalski", "Running Bear", "St. James"]),
    dict(key="ie", weight=3, script="latin", order="western",
         places=[("en-IE", "Europe/Dublin", "GB"), ("ga-IE", "Europe/Dublin", "GB")],
         given_m=["Seán", "Oisín", "Pádraig", "Cian", "Darragh", "Eoin", "Ciarán"],
         given_f=["Aoife", "Niamh", "Saoirse", "Róisín", "Caoimhe", "Clodagh", "Gráinne"],
         family=["O'Brien", "O'Sullivan", "Murphy", "Kelly", "Ó Ceallaigh", "McCarthy",
                 "Byrne", "Fitzpatrick", "O'Neill", "Mac Giolla Phádraig / Nic Giolla Phádraig"]),
    dict(key="de", weight=9, script="latin", order="western", german=True,
         places=[("de-DE", "Europe/Berlin", None)] * 4 + [("de-AT", "Europe/Vienna", None),
                                                         ("de-CH", "Europe/Zurich", None)],
         given_m=["Jürgen", "Lukas", "Maximilian", "Jörg", "Florian", "Matthias", "Björn",
                  "Felix", "Tobias", "Kai-Uwe"],
         given_f=["Lena", "Käthe", "Sophie", "Anna", "Marie", "Annika", "Jana", "Leonie",
                  "Anna-Lena", "Jülide"],
         family=["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
                 "Becker", "Schröder", "Groß", "Weiß", "Köhler", "Hoffmann", "Schäfer",
                 "Krüger", "Özdemir", "von Bülow"]),
    dict(key="fr", weight=8, script="latin", order="western",
         places=[("fr-FR", "Europe/Paris", "FR")] * 4 + [("fr-BE", "Europe/Brussels", None),
                                                        ("fr-CA", "America/Toronto", "US")],
         given_m=["Émile", "François", "Théo", "Raphaël", "Lucas", "Hugo", "Noël", "Jérôme",
                  "Benoît", "Jean-Baptiste"],
         given_f=["Chloé", "Hélène", "Léa", "Manon", "Gaëlle", "Inès", "Camille", "Océane",
                  "Margaux", "Marie-Claire"],
         family=["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Faure",
                 "Rousseau", "Lemaître", "Mercier", "Bélanger", "Côté", "Gauthier",
                 "Chevalier", "de La Tour"]),
    dict(key="es", weight=8, script="latin", order="western", double_surname=0.4,
         places=[("es-ES", "Europe/Madrid", None), ("es-ES", "Europe/Madrid", None),
                 ("es-MX", "America/Mexico_City", None),
                 ("es-AR", "America/Argentina/Buenos_Aires", None),
                 ("es-CO", "America/Bogota", None), ("ca-ES", "Europe/Madrid", None)],
         given_m=["José", "Javier", "Alejandro", "Iñigo", "Andrés", "Sebastián", "Mateo",
                  "Óscar", "Jordi"],
         given_f=["María", "Lucía", "Begoña", "Valentina", "Ximena", "Sofía", "Martina",
                  "Carmen", "María José", "Núria"],
         family=["García", "Fernández", "López", "Martínez", "Núñez", "Peña", "Ibáñez",
                 "Muñoz", "Rodríguez", "Gómez", "Castañeda", "Ordóñez", "Puig"]),
    dict(key="pt", weight=5, script="latin", order="western",
         places=[("pt-BR", "America/Sao_Paulo", None)] * 3 + [("pt-PT", "Europe/Lisbon", None)],
         given_m=["João", "Sebastião", "Luís", "Thiago", "Gonçalo", "Caio", "Vinícius"],
         given_f=["Conceição", "Thaís", "Beatriz", "Mariana", "Letícia", "Inês", "Lígia"],
         family=["Silva", "Santos", "Gonçalves", "Araújo", "Pereira", "Rodrigues",
                 "Magalhães", "Simões", "Carvalho", "Assunção"]),
    dict(key="it", weight=4, script="latin", order="western",
         places=[("it-IT", "Europe/Rome", None)],
         given_m=["Giuseppe", "Lorenzo", "Niccolò", "Matteo", "Alessandro", "Gianluca"],
         given_f=["Giulia", "Chiara", "Francesca", "Sofia", "Beatrice", "Ludovica"],
         family=["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo",
                 "De Luca", "D'Angelo", "Lo Russo"]),
    dict(key="nl", weight=3, script="latin", order="western",
         places=[("nl-NL", "Europe/Amsterdam", None), ("nl-BE", "Europe/Brussels", None)],
         given_m=["Daan", "Sem", "Bram", "Joost", "Thijs", "Ruud"],
         given_f=["Fleur", "Sanne", "Lotte", "Anouk", "Ilse", "Maaike"],
         family=["de Vries", "van den Berg", "Jansen", "Bakker", "van Dijk", "Visser",
                 "de Jong", "van der Linden", "Smit", "Mulder"]),
    dict(key="nordic", weight=4, script="latin", order="western",
         places=[("sv-SE", "Europe/Stockholm", None), ("nb-NO", "Europe/Oslo", None),
                 ("da-DK", "Europe/Copenhagen", None), ("fi-FI", "Europe/Helsinki", None)],
         given_m=["Søren", "Bjørn", "Øystein", "Lars", "Mikael", "Åke", "Juha"],
         given_f=["Åsa", "Ingrid", "Sigrid", "Maja", "Linnéa", "Aino", "Ida"],
         family=["Sørensen", "Lindqvist", "Åberg", "Ødegaard", "Johansson", "Nieminen",
                 "Hämäläinen", "Virtanen", "Kristiansen", "Bæk"]),
    dict(key="is", weight=1, script="latin", order="western",
         places=[("is-IS", "Atlantic/Reykjavik", None)],
         given_m=["Ólafur", "Sigurður", "Gunnar", "Þórir", "Einar"],
         given_f=["Guðrún", "Þóra", "Björk", "Sóley", "Hildur"],
         family=["Jónsson / Jónsdóttir", "Sigurðsson / Sigurðardóttir",
                 "Guðmundsson / Guðmundsdóttir", "Gunnarsson / Gunnarsdóttir",
                 "Þórðarson / Þórðardóttir"]),
    dict(key="pl", weight=4, script="latin", order="western",
         places=[("pl-PL", "Europe/Warsaw", None)],
         given_m=["Łukasz", "Wojciech", "Krzysztof", "Paweł", "Jakub", "Grzegorz"],
         given_f=["Małgorzata", "Zofia", "Agnieszka", "Katarzyna", "Ewa", "Joanna"],
         family=["Kowalski / Kowalska", "Wiśniewski / Wiśniewska", "Wójcik",
                 "Kowalczyk", "Lewandowski / Lewandowska", "Żak", "Szymański / Szymańska",
                 "Dąbrowski / Dąbrowska", "Jabłoński / Jabłońska"]),
    dict(key="cz", weight=2, script="latin", order="western",
         places=[("cs-CZ", "Europe/Prague", None)],
         given_m=["Jiří", "Tomáš", "Ondřej", "Vojtěch"],
         given_f=["Kateřina", "Zuzana", "Tereza", "Lucie"],
         family=["Novák / Nováková", "Dvořák / Dvořáková", "Černý / Černá",
                 "Procházka / Procházková", "Svoboda / Svobodová"]),
    dict(key="hu", weight=2, script="latin", order="eastern",
         places=[("hu-HU", "Europe/Budapest", None)],
         given_m=["Bence", "Gergő", "László", "Dávid"],
         given_f=["Zsófia", "Réka", "Eszter", "Dóra"],
         family=["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga"]),
    dict(key="tr", weight=3, script="latin", order="western",
         places=[("tr-TR", "Europe/Istanbul", None)],
         given_m=["Ömer", "Mehmet", "Emre", "Şükrü", "Burak", "Oğuz"],
         given_f=["Çağla", "Ayşe", "Zeynep", "Elif", "Gülşen", "Büşra"],
         family=["Yılmaz", "Öztürk", "Çelik", "Şahin", "Demir", "Aydın", "Kılıç", "Doğan"]),
    dict(key="ru", weight=4, script="cyrillic", order="western", latin_chance=0.45,
         places=[("ru-RU", "Europe/Moscow", None), ("ru-RU", "Asia/Yekaterinburg", None),
                 ("ru-RU", "Asia/Novosibirsk", None)],
         given_m=["Дмитрий|Dmitry", "Алексей|Alexey", "Сергей|Sergey", "Иван|Ivan",
                  "Михаил|Mikhail", "Никита|Nikita"],
         given_f=["Анна|Anna", "Ольга|Olga", "Екатерина|Ekaterina", "Наталья|Natalya",
                  "Татьяна|Tatiana", "Ксения|Ksenia"],
         family=["Смирнов|Smirnov / Смирнова|Smirnova", "Кузнецов|Kuznetsov / Кузнецова|Kuznetsova",
                 "Попов|Popov / Попова|Popova", "Соколов|Sokolov / Соколова|Sokolova",
                 "Лебедев|Lebedev / Лебедева|Lebedeva", "Волков|Volkov / Волкова|Volkova"]),
    dict(key="ua", weight=2, script="cyrillic", order="western", latin_chance=0.5,
         places=[("uk-UA", "Europe/Kyiv", None)],
         given_m=["Тарас|Taras", "Олександр|Oleksandr", "Богдан|Bohdan", "Андрій|Andrii"],
         given_f=["Олена|Olena", "Оксана|Oksana", "Ірина|Iryna", "Юлія|Yuliia"],
         family=["Шевченко|Shevchenko", "Коваленко|Kovalenko", "Бондаренко|Bondarenko",
                 "Ткаченко|Tkachenko", "Мельник|Melnyk"]),
    dict(key="gr", weight=2, script="greek", order="western", latin_chance=0.5,
         places=[("el-GR", "Europe/Athens", None), ("el-CY", "Asia/Nicosia", None)],
         given_m=["Γιώργος|Giorgos", "Νίκος|Nikos", "Κώστας|Kostas", "Δημήτρης|Dimitris"],
         given_f=["Μαρία|Maria", "Ελένη|Eleni", "Κατερίνα|Katerina", "Σοφία|Sofia"],
         family=["Παπαδόπουλος|Papadopoulos / Παπαδοπούλου|Papadopoulou",
                 "Παπαδάκης|Papadakis / Παπαδάκη|Papadaki", "Γεωργίου|Georgiou",
                 "Οικονόμου|Oikonomou"]),
    dict(key="zh", weight=6, script="han", order="eastern_nospace", latin_chance=0.45,
         places=[("zh-CN", "Asia/Shanghai", None), ("zh-CN", "Asia/Shanghai", None),
                 ("zh-TW", "Asia/Taipei", None), ("zh-HK", "Asia/Hong_Kong", None),
                 ("en-SG", "Asia/Singapore", None)],
         given_m=["伟|Wei", "强|Qiang", "磊|Lei", "浩然|Haoran", "俊杰|Junjie", "子轩|Zixuan"],
         given_f=["敏|Min", "静|Jing", "秀英|Xiuying", "丽娜|Lina", "雨桐|Yutong", "婷|Ting"],
         family=["李|Li", "张|Zhang", "刘|Liu", "陈|Chen", "杨|Yang", "黄|Huang", "欧阳|Ouyang",
                 "周|Zhou"]),
    dict(key="ja", weight=4, script="japanese", order="eastern", latin_chance=0.4,
         places=[("ja-JP", "Asia/Tokyo", None)],
         given_m=["翔太|Shota", "健|Ken", "大輔|Daisuke", "蓮|Ren", "悠斗|Yuto"],
         given_f=["花子|Hanako", "陽菜|Hina", "美咲|Misaki", "さくら|Sakura", "結衣|Yui"],
         family=["佐藤|Sato", "鈴木|Suzuki", "高橋|Takahashi", "田中|Tanaka", "渡辺|Watanabe",
                 "伊藤|Ito", "山本|Yamamoto"]),
    dict(key="ko", weight=3, script="hangul", order="eastern_nospace", latin_chance=0.45,
         places=[("ko-KR", "Asia/Seoul", None)],
         given_m=["민준|Minjun", "서준|Seojun", "지훈|Jihoon", "도윤|Doyun"],
         given_f=["서연|Seoyeon", "지우|Jiwoo", "하은|Haeun", "수빈|Subin"],
         family=["김|Kim", "이|Lee", "박|Park", "최|Choi", "정|Jung", "강|Kang"]),
    dict(key="vi", weight=2, script="latin", order="eastern",
         places=[("vi-VN", "Asia/Ho_Chi_Minh", None)],
         middle_m=["Văn", "Đức", "Minh"], middle_f=["Thị", "Ngọc", "Thu"],
         given_m=["Minh", "Dũng", "Hùng", "Quang", "Tuấn"],
         given_f=["Lan", "Hương", "Trang", "Linh", "Hà"],
         family=["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng"]),
    dict(key="in", weight=8, script="latin", order="western",
         places=[("en-IN", "Asia/Kolkata", None)] * 4 + [("hi-IN", "Asia/Kolkata", None),
                                                        ("en-GB", "Europe/London", "GB"),
                                                        ("en-US", "America/Chicago", "US")],
         given_m=["Arjun", "Rohan", "Vikram", "Aditya", "Rahul", "Karthik", "Siddharth",
                  "Harpreet"],
         given_f=["Priya", "Ananya", "Lakshmi", "Divya", "Kavya", "Aishwarya", "Meera",
                  "Gurleen"],
         family=["Sharma", "Patel", "Iyer", "Gupta", "Reddy", "Nair", "Venkataraman",
                 "Chatterjee", "Bhattacharya", "Krishnamurthy", "Singh", "Kaur", "Mukherjee"]),
    dict(key="ar", weight=3, script="arabic", order="western", latin_chance=0.8,
         places=[("ar-AE", "Asia/Dubai", None), ("ar-EG", "Africa/Cairo", None),
                 ("ar-SA", "Asia/Riyadh", None), ("ar-JO", "Asia/Amman", None),
                 ("fr-MA", "Africa/Casablanca", "FR"), ("en-GB", "Europe/London", "GB")],
         given_m=["محمد|Mohammed", "عمر|Omar", "يوسف|Youssef", "خالد|Khalid", "كريم|Karim"],
         given_f=["فاطمة|Fatima", "نور|Nour", "مريم|Mariam", "سارة|Sara", "ياسمين|Yasmin"],
         family=["الحسيني|Al-Husseini", "خوري|Khoury", "المصري|El-Masry", "النجار|Al-Najjar",
                 "بن علي|Ben Ali", "منصور|Mansour"]),
    dict(key="he", weight=1, script="hebrew", order="western", latin_chance=0.75,
         places=[("he-IL", "Asia/Jerusalem", None)],
         given_m=["איתי|Itai", "יונתן|Yonatan", "עומר|Omer"],
         given_f=["תמר|Tamar", "יעל|Yael", "שירה|Shira"],
         family=["לוי|Levi", "מזרחי|Mizrahi", "פרץ|Peretz", "אברהם|Avraham"]),
    dict(key="ke", weight=2, script="latin", order="western",
         places=[("en-KE", "Africa/Nairobi", None), ("sw-KE", "Africa/Nairobi", None)],
         given_m=["Kamau", "Otieno", "Baraka", "Kip", "Mũthoni"],
         given_f=["Wanjiru", "Wambui", "Achieng", "Nyokabi", "Akinyi"],
         family=["Njoroge", "Odhiambo", "Mwangi", "Kariũki", "Wanjohi", "Chebet", "Kiprono"]),
    dict(key="ng", weight=3, script="latin", order="western",
         places=[("en-NG", "Africa/Lagos", None), ("en-GB", "Europe/London", "GB")],
         given_m=["Chukwuemeka", "Babatunde", "Tunde", "Ifeanyi", "Olúwadámilọ́lá"],
         given_f=["Chiamaka", "Adaeze", "Ngozi", "Folasadé", "Oluwakemi", "Ìfẹ́olúwa"],
         family=["Okonkwo", "Obi", "Eze", "Okafor", "Ọlábísí", "Nwosu", "Adeyemi", "Ṣàngótúndé"]),
    dict(key="za", weight=2, script="latin", order="western",
         places=[("en-ZA", "Africa/Johannesburg", None), ("af-ZA", "Africa/Johannesburg", None)],
         given_m=["Thabo", "Sipho", "Lwazi", "Pieter"],
         given_f=["Nomvula", "Thandiwe", "Lerato", "Annelien"],
         family=["Dlamini", "Nkosi", "Mthembu", "van der Merwe", "Botha", "Naidoo"]),
]
CULTURE_BY_KEY = {c["key"]: c for c in CULTURES}

NICKNAMES = ["Bex", "Jonno", "Sunny", "Kiki", "Mo", "DJ", "Doc", "Ace", "Bubbles", "Chef",
             "Lulu", "Tiny", "Red", "Sparky", "Nana", "Coach", "Boss", "Pip", "Moose", "Ziggy"]
HANDLE_WORDS = ["nightowl", "pixel", "tea", "coffee", "rainy", "mountain", "bike", "jazz",
                "kite", "maple", "fox", "otter", "comet", "fern", "sailor", "quill"]
US_AREA_CODES = ["212", "415", "312", "617", "206", "512", "303", "404", "213", "202",
                 "646", "737", "720", "416", "604", "514", "305", "503"]
EMAIL_DOMAINS = [("example.com", 34), ("example.org", 20), ("example.net", 14),
                 ("mail.example.net", 16), ("inbox.example.org", 6), ("post.example.com", 6),
                 ("students.example.org", 4)]

# Business customers: (slug, weight).  Their users share a tenant id and often
# a corporate e-mail domain (<slug>.example.com).
ORGS = [("contoso", 5), ("fabrikam", 4), ("northwind", 4), ("tailspin", 2),
        ("wingtip", 2), ("litware", 1)]

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

FOLD_SPECIAL = {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
                "Þ": "Th", "ı": "i", "ə": "e"}
FOLD_GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}


def fold(s, german=False):
    """ASCII-fold a Latin-script string (José Müller -> Jose Muller)."""
    if german:
        s = "".join(FOLD_GERMAN.get(c, c) for c in s)
    s = "".join(FOLD_SPECIAL.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def slug(s, german=False):
    """Lower-case ASCII token for e-mails/usernames; drops spaces and apostrophes."""
    out = "".join(c for c in fold(s, german).lower() if (c.isascii() and c.isalnum()) or c == "-")
    out = out.strip("-")
    assert out and out.isascii(), (s, out)
    return out


def parse_name(token):
    native, _, roman = token.partition("|")
    return native, (roman or native)


def parse_family(token):
    if " / " in token:
        m, f = token.split(" / ")
        return parse_name(m), parse_name(f)
    p = parse_name(token)
    return p, p


def iso(t):
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def epoch(t):
    return str(int(t.timestamp()))


def weighted(rng, pairs):
    items = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(items, weights=weights, k=1)[0]


class Registry:
    """Keeps generated identifiers unique across the pool."""

    def __init__(self, rng):
        self.rng = rng
        self.sub_rng = random.Random(SEED + 1)
        self.usernames = set()
        self.emails = set()
        self.phones = set()
        self.handles = set()
        self.subs = set()

    def sub(self):
        while True:
            s = str(uuid.UUID(int=self.sub_rng.getrandbits(128), version=4))
            if s not in self.subs:
                self.subs.add(s)
                return s

    def claim_username(self, name):
        assert name not in self.usernames, name
        self.usernames.add(name)
        return name

    def username(self, base):
        cand = base
        while cand in self.usernames:
            cand = f"{base}{self.rng.randint(2, 99)}"
        return self.claim_username(cand)

    def claim_email(self, email):
        key = email.lower()
        assert key not in self.emails, email
        self.emails.add(key)
        return email

    def email(self, local, domain):
        cand = f"{local}@{domain}"
        while cand.lower() in self.emails:
            cand = f"{local}{self.rng.randint(2, 999)}@{domain}"
        return self.claim_email(cand)

    def claim_phone(self, phone):
        assert phone not in self.phones, phone
        self.phones.add(phone)
        return phone

    def phone(self, country):
        rng = self.rng
        if country is None:
            country = rng.choice(["GB", "GB", "US"])
        while True:
            if country == "GB":
                p = f"+447700900{rng.randint(0, 999):03d}"
            elif country == "US":
                p = f"+1{rng.choice(US_AREA_CODES)}555{rng.randint(100, 199):04d}"
            elif country == "FR":
                p = f"+3363998{rng.randint(0, 9999):04d}"
            else:
                raise ValueError(country)
            if p not in self.phones:
                return self.claim_phone(p)

    def claim_handle(self, h):
        assert h.lower() not in self.handles, h
        self.handles.add(h.lower())
        return h

    def handle(self, base):
        cand = base
        while cand.lower() in self.handles:
            cand = f"{base}{self.rng.randint(2, 999)}"
        return self.claim_handle(cand)


def crm_id(rng):
    """Salesforce-style 18-char contact id, or (rarely) a legacy CRM key."""
    if rng.random() < 0.08:
        return f"HUB-{rng.randint(1000, 99999):06d}"
    alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    pod = rng.choice(["5g", "8d", "Dn", "1v", "3x"])
    body = "".join(rng.choice(alnum) for _ in range(5))
    check = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345") for _ in range(3))
    return f"003{pod}00000{body}{check}"


def tenant_id(rng):
    return "tnt_" + "".join(rng.choice("0123456789abcdefghjkmnpqrstvwxyz") for _ in range(12))


# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------


class Generator:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.reg = Registry(self.rng)
        rng = self.rng
        self.org_tenants = {slug_: tenant_id(rng) for slug_, _ in ORGS}
        self.team_tenants = [tenant_id(rng) for _ in range(10)]

    # -- people -----------------------------------------------------------

    def person(self):
        rng = self.rng
        c = weighted(rng, [(c, c["weight"]) for c in CULTURES])
        gender = rng.choice("mf")
        given_n, given_r = parse_name(rng.choice(c["given_" + gender]))
        fam_m, fam_f = parse_family(rng.choice(c["family"]))
        family_n, family_r = fam_m if gender == "m" else fam_f
        email_family_r = family_r
        if rng.random() < c.get("double_surname", 0):
            second_n, second_r = parse_family(rng.choice(c["family"]))[0]
            if second_n != family_n:
                family_n, family_r = f"{family_n} {second_n}", f"{family_r} {second_r}"
        middle = None
        if "middle_" + gender in c:
            middle = rng.choice(c["middle_" + gender])
        latin = c["script"] == "latin" or rng.random() < c.get("latin_chance", 0)
        given_d, family_d = (given_r, family_r) if c["script"] != "latin" and latin else (given_n, family_n)
        order = c["order"]
        if c["script"] != "latin" and latin:
            order = "western"
        if order == "western":
            name = f"{given_d} {family_d}"
        elif order == "eastern":
            name = " ".join(x for x in (family_d, middle, given_d) if x)
        else:  # eastern_nospace (Chinese, Korean in native script)
            name = f"{family_d}{given_d}"
        locale, zone, phone_cc = rng.choice(c["places"])
        return dict(culture=c["key"], gender=gender, given=given_d, family=family_d,
                    middle=middle, name=name, g=slug(given_r, c.get("german", False)),
                    f=slug(email_family_r, c.get("german", False)),
                    locale=locale, zoneinfo=zone, phone_cc=phone_cc,
                    romanised=c["script"] != "latin" and latin)

    def email_for(self, p, domain=None):
        rng = self.rng
        g, f = p["g"], p["f"]
        pattern = weighted(rng, [("{g}.{f}", 45), ("{g}{f}", 10), ("{g0}.{f}", 8), ("{g0}{f}", 6),
                                 ("{g}_{f}", 4), ("{f}.{g}", 4), ("{g}.{f}{yy}", 8),
                                 ("{g}{n}", 7), ("{g}.{f}+{tag}", 3), ("{f}{g0}", 3),
                                 ("{g}", 2)])
        local = pattern.format(g=g, f=f, g0=g[0], yy=f"{rng.randint(60, 105) % 100:02d}",
                               n=rng.randint(1, 999),
                               tag=rng.choice(["acme", "shop", "news", "promo"]))
        domain = domain or weighted(rng, EMAIL_DOMAINS)
        if rng.random() < 0.015:  # people do type their address like this
            local = ".".join(part.capitalize() for part in local.split("."))
            domain = domain.replace("example", "Example")
        return self.reg.email(local, domain)

    def username_for(self, p):
        rng = self.rng
        g, f = p["g"], p["f"]
        pattern = weighted(rng, [("{g}.{f}", 62), ("{g}{f}", 8), ("{g}_{f}", 4), ("{g0}{f}", 8),
                                 ("{g}.{f}{d}", 9), ("{g}{n}", 9)])
        base = pattern.format(g=g, f=f, g0=g[0], d=rng.randint(1, 99), n=rng.randint(1, 9999))
        return self.reg.username(base)

    # -- dates -------------------------------------------------------------

    def created_at(self):
        rng = self.rng
        span = (NOW - dt.timedelta(hours=6) - POOL_CREATED).total_seconds()
        # sqrt skews towards recent sign-ups: a growing product.
        return POOL_CREATED + dt.timedelta(seconds=int(span * rng.random() ** 0.6))

    def modified_at(self, status, created):
        rng = self.rng
        left = (NOW - created).total_seconds()
        if status == "UNCONFIRMED":
            off = 0 if rng.random() < 0.7 else rng.uniform(60, min(left, 3 * 86400))
        elif status == "FORCE_CHANGE_PASSWORD":
            off = 0 if rng.random() < 0.75 else rng.uniform(86400, min(left, 8 * 86400))
        elif status in ("RESET_REQUIRED", "COMPROMISED"):
            off = left - rng.uniform(3600, min(left, 45 * 86400))
        elif status == "EXTERNAL_PROVIDER":  # attributes re-mapped at each sign-in
            off = left - rng.uniform(600, min(left, 60 * 86400))
        elif rng.random() < 0.15:  # confirmed right after sign-up, never touched again
            off = rng.uniform(20, min(left, 900))
        else:
            off = left * rng.random() ** 0.5
        off = max(0.0, min(left, off))
        return created + dt.timedelta(seconds=int(off))

    # -- users -------------------------------------------------------------

    def custom_attrs(self, p, status, email_domain_hint=False):
        """Returns (attrs, plan, org)."""
        rng = self.rng
        plan = weighted(rng, [("free", 58), ("pro", 30), ("enterprise", 12)])
        if status in ("UNCONFIRMED",):
            plan = "free"
        org = None
        if plan == "enterprise":
            org = weighted(rng, ORGS)
            tenant = self.org_tenants[org]
        elif plan == "pro" and rng.random() < 0.6:
            tenant = rng.choice(self.team_tenants)
        else:
            tenant = tenant_id(rng)
        attrs = []
        if rng.random() < 0.92:
            attrs.append(("custom:tenant_id", tenant))
        attrs.append(("custom:plan", plan))
        if rng.random() < {"free": 0.25, "pro": 0.75, "enterprise": 0.95}[plan]:
            attrs.append(("custom:crm_id", crm_id(rng)))
        if rng.random() < 0.85:
            attrs.append(("custom:marketing_opt_in", "true" if rng.random() < 0.45 else "false"))
        if status not in ("UNCONFIRMED", "FORCE_CHANGE_PASSWORD") and rng.random() < 0.8:
            mean = {"free": 300, "pro": 2000, "enterprise": 5000}[plan]
            pts = 0 if rng.random() < 0.08 else int(rng.expovariate(1 / mean))
            attrs.append(("custom:loyalty_points", str(pts)))
        return attrs, plan, org

    def address(self, p):
        rng = self.rng
        c = p["culture"]
        n = rng.randint(1, 220)
        if c in ("gb", "ie", "in") and p["locale"].startswith("en-GB") or c == "gb":
            street = rng.choice(["High Street", "Station Road", "Church Lane", "Mill Road",
                                 "Victoria Road", "Kings Road", "Queensway"])
            city, pc = rng.choice([("London", "SE1 7PB"), ("Manchester", "M4 1HN"),
                                   ("Leeds", "LS6 2QQ"), ("Bristol", "BS8 4RT"),
                                   ("Glasgow", "G12 8QQ"), ("Cardiff", "CF10 3AT")])
            return f"{n} {street}, {city} {pc}, United Kingdom"
        if c == "us":
            street = rng.choice(["Maple Ave", "Oak Street", "Pine St", "Elm Drive", "Main St",
                                 "Lakeview Blvd"])
            city = rng.choice(["Springfield, IL 62704", "Portland, OR 97205", "Austin, TX 78701",
                               "Boulder, CO 80302", "Brooklyn, NY 11201"])
            apt = f", Apt {rng.randint(1, 40)}{rng.choice('ABCD')}" if rng.random() < 0.4 else ""
            return f"{n * 10} {street}{apt}, {city}, USA"
        if c == "de":
            street = rng.choice(["Hauptstraße", "Schillerstraße", "Gartenweg", "Bahnhofstraße",
                                 "Am Mühlbach"])
            city = rng.choice(["10115 Berlin", "80331 München", "50667 Köln", "20095 Hamburg"])
            return f"{street} {n}, {city}, Deutschland"
        if c == "fr":
            street = rng.choice(["rue de la République", "avenue Jean Jaurès", "rue Victor Hugo",
                                 "boulevard Saint-Michel", "impasse des Lilas"])
            city = rng.choice(["75005 Paris", "69002 Lyon", "13001 Marseille", "33000 Bordeaux"])
            return f"{n} {street}, {city}, France"
        if c == "es":
            street = rng.choice(["Calle Mayor", "Avenida de la Constitución", "Carrer de Balmes",
                                 "Calle del Sol"])
            city = rng.choice(["28013 Madrid", "08011 Barcelona", "41004 Sevilla", "46002 València"])
            return f"{street}, {n}, {rng.randint(1, 9)}º {rng.choice('ABCD')}, {city}, España"
        if c == "ja":
            return f"〒150-00{rng.randint(10, 99)} 東京都渋谷区神南{rng.randint(1, 3)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
        if c == "in":
            area = rng.choice(["Koramangala, Bengaluru 560034", "Andheri West, Mumbai 400058",
                               "Salt Lake, Kolkata 700091", "T. Nagar, Chennai 600017"])
            return f"{n}, {rng.randint(1, 12)}th Cross, {area}, India"
        return None

    def federated(self, p, created, lm):
        rng = self.rng
        provider = weighted(rng, [("Google", 6), ("Facebook", 2), ("SignInWithApple", 2)])
        if provider == "Google":
            uid = "1" + "".join(str(rng.randint(0, 9)) for _ in range(20))
        elif provider == "Facebook":
            uid = "10" + "".join(str(rng.randint(0, 9)) for _ in range(rng.choice([14, 15])))
        else:
            uid = (f"00{rng.randint(1000, 9999)}."
                   + "".join(rng.choice("0123456789abcdef") for _ in range(32))
                   + f".{rng.randint(1000, 2359)}")
        username = self.reg.claim_username(f"{provider}_{uid}")
        identities = json.dumps([{
            "userId": uid, "providerName": provider, "providerType": provider,
            "issuer": None, "primary": "true",
            "dateCreated": str(int(created.timestamp()) * 1000 + rng.randint(0, 999)),
        }], separators=(",", ":"))
        return username, provider, identities

    def generated_user(self, status):
        rng = self.rng
        reg = self.reg
        p = self.person()
        created = self.created_at()
        lm = self.modified_at(status, created)
        sub = reg.sub()
        attrs = []
        mfa = []

        tier = weighted(rng, [("minimal", 2), ("basic", 22), ("standard", 58), ("rich", 18)])
        if status == "EXTERNAL_PROVIDER":
            tier = "federated"

        custom, plan, org = ([], None, None)
        if tier in ("standard", "rich", "federated") and rng.random() < 0.85 or \
                tier == "basic" and rng.random() < 0.4:
            custom, plan, org = self.custom_attrs(p, status)
        domain = None
        if org and rng.random() < 0.55:
            domain = f"{org}.example.com"
        email = self.email_for(p, domain)

        if tier == "federated":
            username, provider, identities = self.federated(p, created, lm)
            attrs += [("email", email),
                      ("email_verified", "true" if provider != "Facebook" else "false"),
                      ("given_name", p["given"]), ("family_name", p["family"]),
                      ("name", p["name"]), ("identities", identities)]
            if provider == "Google":
                attrs.append(("picture", f"https://lh3.example.com/a/{sub[:8]}=s96-c"))
                if rng.random() < 0.5:
                    attrs.append(("locale", p["locale"].split("-")[0]))
            attrs += custom
            return self.finish(username, status, created, lm, [], sub, attrs)

        if rng.random() < 0.022:  # Cognito-generated style username
            username = reg.claim_username(str(uuid.UUID(int=rng.getrandbits(128), version=4)))
        else:
            username = self.username_for(p)

        attrs.append(("email", email))
        if tier == "minimal":
            return self.finish(username, status, created, lm, [], sub, attrs)

        if status == "UNCONFIRMED":
            ev = "false"
        elif status == "FORCE_CHANGE_PASSWORD":
            ev = "true" if rng.random() < 0.7 else "false"
        else:
            ev = "true" if rng.random() < 0.9 else "false"
        attrs.append(("email_verified", ev))

        has_phone = rng.random() < {"basic": 0.4, "standard": 0.6, "rich": 0.9}[tier]
        if status in ("CONFIRMED", "RESET_REQUIRED", "COMPROMISED", "ARCHIVED"):
            r = rng.random()
            totp_boost = 0.15 if plan == "enterprise" else 0.0
            if r < 0.11 + totp_boost:
                mfa = ["SOFTWARE_TOKEN_MFA"]
            elif r < 0.20 + totp_boost:
                mfa = ["SMS_MFA"]
            elif r < 0.24 + totp_boost:
                mfa = ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]
        if "SMS_MFA" in mfa:
            has_phone = True
        if has_phone:
            attrs.append(("phone_number", reg.phone(p["phone_cc"])))
            if "SMS_MFA" in mfa:
                pv = "true"
            elif status == "CONFIRMED":
                pv = "true" if rng.random() < 0.75 else "false"
            else:
                pv = "false"
            attrs.append(("phone_number_verified", pv))

        if tier in ("standard", "rich"):
            if rng.random() < 0.93:
                attrs += [("given_name", p["given"]), ("family_name", p["family"])]
            if rng.random() < 0.9:
                attrs.append(("name", p["name"]))
            if rng.random() < 0.75:
                attrs.append(("locale", p["locale"]))
            if rng.random() < 0.65:
                attrs.append(("zoneinfo", p["zoneinfo"]))
            if rng.random() < 0.5:
                attrs.append(("updated_at", epoch(lm if rng.random() < 0.8 else
                                                  created + (lm - created) / 2)))
        if tier == "rich":
            if p["middle"]:
                attrs.append(("middle_name", p["middle"]))
            elif rng.random() < 0.25:
                c = CULTURE_BY_KEY[p["culture"]]
                mid_native, mid_roman = parse_name(rng.choice(c["given_" + p["gender"]]))
                mid = mid_roman if p["romanised"] else mid_native
                if mid != p["given"]:
                    attrs.append(("middle_name", mid))
            if rng.random() < 0.7:
                g = weighted(rng, [({"m": "male", "f": "female"}[p["gender"]], 92),
                                   ("non-binary", 4), ("prefer not to say", 4)])
                attrs.append(("gender", g))
            if rng.random() < 0.75:
                birth = dt.date(1948, 1, 1) + dt.timedelta(days=rng.randint(0, 59 * 365))
                attrs.append(("birthdate", birth.isoformat()))
            if rng.random() < 0.35:
                attrs.append(("nickname", rng.choice(NICKNAMES)))
            if rng.random() < 0.5:
                base = weighted(rng, [(p["g"] + p["f"][:3], 3), (p["g"][0] + p["f"], 2),
                                      (rng.choice(HANDLE_WORDS) + "_" + p["g"], 2)])
                attrs.append(("preferred_username", reg.handle(base)))
            if rng.random() < 0.35:
                attrs.append(("picture", f"https://cdn.example.com/avatars/{sub}.jpg"))
            if rng.random() < 0.2:
                attrs.append(("website", rng.choice([f"https://{p['g']}{p['f']}.example.org",
                                                     f"https://blog.example.net/{p['g']}-{p['f']}"])))
            if rng.random() < 0.15:
                attrs.append(("profile", f"https://social.example.net/@{p['g']}{p['f'][:1]}"))
            if rng.random() < 0.45:
                addr = self.address(p)
                if addr:
                    attrs.append(("address", addr))
        attrs += custom
        return self.finish(username, status, created, lm, mfa, sub, attrs)

    def finish(self, username, status, created, lm, mfa, sub, attrs, enabled=True):
        names = [a[0] for a in attrs]
        assert len(names) == len(set(names)), (username, names)
        attrs = sorted(attrs, key=lambda a: ATTR_ORDER.index(a[0]))
        return {
            "username": username,
            "status": status,
            "enabled": enabled,
            "created": iso(created),
            "last_modified": iso(lm),
            "mfa": list(mfa),
            "attributes": [{"name": "sub", "value": sub}] + [{"name": n, "value": v} for n, v in attrs],
        }

    # -- hand-written users ----------------------------------------------------

    def fixed(self, username, status, created, last_modified, attrs, mfa=(), enabled=True,
              updated_at=False):
        reg = self.reg
        created, lm = parse_iso(created), parse_iso(last_modified)
        sub = reg.sub()
        if username is None:
            username = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        reg.claim_username(username)
        for n, v in attrs:
            if n == "email":
                reg.claim_email(v)
            elif n == "phone_number":
                reg.claim_phone(v)
            elif n == "preferred_username":
                reg.claim_handle(v)
        attrs = list(attrs)
        if updated_at:
            attrs.append(("updated_at", epoch(lm)))
        return self.finish(username, status, created, lm, mfa, sub, attrs, enabled)

    def memorable_users(self):
        """The support-desk cast, listed first."""
        rng = self.rng
        f = self.fixed
        return [
            f("jo.bloggs", "CONFIRMED", "2022-02-14T09:31:07Z", "2025-05-12T14:03:27Z", [
                ("email", "jo@example.com"), ("email_verified", "true"),
                ("phone_number", "+15555550100"), ("phone_number_verified", "true"),
                ("name", "Jo Bloggs"), ("given_name", "Jo"), ("family_name", "Bloggs"),
                ("preferred_username", "jo"), ("locale", "en-US"),
                ("zoneinfo", "America/New_York"),
                ("custom:tenant_id", self.team_tenants[0]), ("custom:plan", "pro"),
                ("custom:crm_id", crm_id(rng)), ("custom:marketing_opt_in", "true"),
                ("custom:loyalty_points", "1250"),
            ], updated_at=True),
            f("ada.lovelace", "CONFIRMED", "2021-03-08T10:02:19Z", "2025-04-28T19:44:02Z", [
                ("name", "Ada Lovelace"), ("given_name", "Ada"), ("family_name", "Lovelace"),
                ("middle_name", "Augusta"), ("nickname", "The Enchantress of Numbers"),
                ("preferred_username", "enchantress"),
                ("profile", "https://social.example.net/@ada"),
                ("picture", "https://cdn.example.com/avatars/ada-lovelace.png"),
                ("website", "https://ada.example.org"),
                ("email", "ada@example.org"), ("email_verified", "true"),
                ("gender", "female"), ("birthdate", "1985-12-10"),
                ("zoneinfo", "Europe/London"), ("locale", "en-GB"),
                ("phone_number", "+447700900815"), ("phone_number_verified", "true"),
                ("address", "12 Analytical Row, Marylebone, London W1U 6AB, United Kingdom"),
                ("custom:tenant_id", self.org_tenants["contoso"]), ("custom:plan", "enterprise"),
                ("custom:crm_id", "0035g00000AdaLvAAA"), ("custom:marketing_opt_in", "false"),
                ("custom:loyalty_points", "18150"),
            ], mfa=["SMS_MFA", "SOFTWARE_TOKEN_MFA"], updated_at=True),
            # Admin forced a password reset after a suspicious sign-in.
            f("priya.sharma", "RESET_REQUIRED", "2023-09-19T07:45:51Z", "2025-05-30T08:12:40Z", [
                ("email", "priya.sharma@mail.example.net"), ("email_verified", "true"),
                ("phone_number", "+447700900142"), ("phone_number_verified", "true"),
                ("name", "Priya Sharma"), ("given_name", "Priya"), ("family_name", "Sharma"),
                ("locale", "en-IN"), ("zoneinfo", "Asia/Kolkata"),
                ("custom:tenant_id", self.team_tenants[3]), ("custom:plan", "pro"),
                ("custom:crm_id", crm_id(rng)), ("custom:marketing_opt_in", "false"),
                ("custom:loyalty_points", "3420"),
            ]),
            # Invited by an admin three days ago, has not signed in yet.
            f("tom.hughes", "FORCE_CHANGE_PASSWORD", "2025-05-30T16:20:05Z",
              "2025-05-30T16:20:05Z", [
                  ("email", "tom.hughes@fabrikam.example.com"), ("email_verified", "true"),
                  ("name", "Tom Hughes"), ("given_name", "Tom"), ("family_name", "Hughes"),
                  ("custom:tenant_id", self.org_tenants["fabrikam"]),
                  ("custom:plan", "enterprise"), ("custom:crm_id", crm_id(rng)),
              ]),
            # Signed up last night, never clicked the verification link.
            f("wei.chen", "UNCONFIRMED", "2025-06-01T22:47:13Z", "2025-06-01T22:47:13Z", [
                ("email", "wei.chen@example.net"), ("email_verified", "false"),
                ("name", "Wei Chen"), ("given_name", "Wei"), ("family_name", "Chen"),
                ("locale", "en-SG"), ("zoneinfo", "Asia/Singapore"),
                ("custom:tenant_id", tenant_id(rng)), ("custom:plan", "free"),
                ("custom:marketing_opt_in", "false"),
            ]),
            # Credentials found in a breach; account disabled pending review.
            f("mallory.evans", "COMPROMISED", "2024-01-03T03:14:15Z", "2025-05-20T11:09:58Z", [
                ("email", "mallory.evans@example.org"), ("email_verified", "true"),
                ("phone_number", "+447700900666"), ("phone_number_verified", "false"),
                ("name", "Mallory Evans"), ("given_name", "Mallory"), ("family_name", "Evans"),
                ("custom:tenant_id", tenant_id(rng)), ("custom:plan", "free"),
                ("custom:crm_id", crm_id(rng)), ("custom:marketing_opt_in", "false"),
                ("custom:loyalty_points", "99999"),
            ], enabled=False),
            f("Google_104839201746351829374", "EXTERNAL_PROVIDER", "2023-11-07T12:00:41Z",
              "2025-05-27T07:55:10Z", [
                  ("email", "sofia.rossi@example.com"), ("email_verified", "true"),
                  ("name", "Sofia Rossi"), ("given_name", "Sofia"), ("family_name", "Rossi"),
                  ("picture", "https://lh3.example.com/a/sofia-rossi=s96-c"), ("locale", "it"),
                  ("identities", json.dumps([{
                      "userId": "104839201746351829374", "providerName": "Google",
                      "providerType": "Google", "issuer": None, "primary": "true",
                      "dateCreated": "1699358441512"}], separators=(",", ":"))),
                  ("custom:tenant_id", tenant_id(rng)), ("custom:plan", "free"),
                  ("custom:marketing_opt_in", "true"),
              ]),
            f("bob.oconnor", "CONFIRMED", "2022-07-21T18:05:33Z", "2025-03-02T09:15:00Z", [
                ("email", "bob.oconnor@example.net"), ("email_verified", "true"),
                ("phone_number", "+447700900321"), ("phone_number_verified", "true"),
                ("name", "Robert O'Connor"), ("given_name", "Robert"),
                ("family_name", "O'Connor"), ("nickname", 'Bob "The Builder"'),
                ("locale", "en-IE"), ("zoneinfo", "Europe/Dublin"),
                ("custom:tenant_id", self.team_tenants[1]), ("custom:plan", "pro"),
                ("custom:crm_id", crm_id(rng)), ("custom:marketing_opt_in", "true"),
                ("custom:loyalty_points", "640"),
            ], mfa=["SOFTWARE_TOKEN_MFA"], updated_at=True),
        ]

    def interesting_users(self):
        """Edge cases scattered through the rest of the list."""
        rng = self.rng
        f = self.fixed

        def cust(plan="free", tenant=None, **kw):
            out = [("custom:tenant_id", tenant or tenant_id(rng)), ("custom:plan", plan)]
            if kw.get("crm"):
                out.append(("custom:crm_id", crm_id(rng)))
            if "opt_in" in kw:
                out.append(("custom:marketing_opt_in", kw["opt_in"]))
            if "points" in kw:
                out.append(("custom:loyalty_points", kw["points"]))
            return out

        long_address = (
            "Flat 14B, Kingfisher House (entrance via the courtyard, not the main gate; "
            "the buzzer is broken so please phone ahead), The Old Maltings, Unit 7 Riverside "
            "Business & Innovation Park, 1450 Great Western Canal Towpath, "
            "Little Snoring-on-the-Marsh, near Fakenham, Norfolk NR21 0ZZ, United Kingdom"
        )
        return [
            f("joe.bloggs", "CONFIRMED", "2023-06-02T11:12:13Z", "2024-12-24T10:00:01Z", [
                ("email", "joe.bloggs@example.org"), ("email_verified", "true"),
                ("name", "Joe Bloggs"), ("given_name", "Joe"), ("family_name", "Bloggs"),
                ("locale", "en-GB"), ("zoneinfo", "Europe/London"),
            ] + cust("free", opt_in="false", points="75")),
            f("jose.muller", "CONFIRMED", "2022-10-11T08:41:29Z", "2025-02-17T17:30:12Z", [
                ("email", "jose.mueller@example.net"), ("email_verified", "true"),
                ("name", "José Müller"), ("given_name", "José"), ("family_name", "Müller"),
                ("locale", "de-CH"), ("zoneinfo", "Europe/Zurich"),
                ("phone_number", "+447700900404"), ("phone_number_verified", "true"),
            ] + cust("pro", self.team_tenants[2], crm=True, opt_in="true", points="2210"),
              mfa=["SMS_MFA"]),
            f("zoe.bronte", "CONFIRMED", "2021-11-30T21:04:55Z", "2025-01-09T12:44:31Z", [
                ("email", "zoe.bronte@example.org"), ("email_verified", "true"),
                ("name", "Zoë Brontë"), ("given_name", "Zoë"), ("family_name", "Brontë"),
                ("nickname", "Zoë 🌻"), ("preferred_username", "wuthering_zoe"),
                ("birthdate", "1991-07-30"), ("gender", "female"),
                ("locale", "en-GB"), ("zoneinfo", "Europe/London"),
            ] + cust("free", opt_in="true", points="410"), updated_at=True),
            f("wang.fang", "CONFIRMED", "2024-03-18T02:33:08Z", "2024-03-18T02:35:51Z", [
                ("email", "fang.wang@mail.example.net"), ("email_verified", "true"),
                ("name", "王芳"), ("given_name", "芳"), ("family_name", "王"),
                ("locale", "zh-CN"), ("zoneinfo", "Asia/Shanghai"),
            ] + cust("pro", self.team_tenants[5], crm=True, opt_in="false", points="1830")),
            f("dmitry.ivanov", "CONFIRMED", "2022-05-09T14:27:36Z", "2025-04-02T06:51:20Z", [
                ("email", "dmitry.ivanov@example.org"), ("email_verified", "true"),
                ("name", "Дмитрий Иванов"), ("given_name", "Дмитрий"),
                ("middle_name", "Сергеевич"), ("family_name", "Иванов"),
                ("locale", "ru-RU"), ("zoneinfo", "Europe/Moscow"),
            ] + cust("enterprise", self.org_tenants["northwind"], crm=True, opt_in="false",
                     points="7300"), mfa=["SOFTWARE_TOKEN_MFA"]),
            f("olafur.arnaldsson", "CONFIRMED", "2023-01-15T16:00:02Z", "2023-01-15T16:03:47Z", [
                ("email", "olafur.arnaldsson@example.com"), ("email_verified", "true"),
                ("name", "Ólafur Arnaldsson"), ("given_name", "Ólafur"),
                ("family_name", "Arnaldsson"), ("locale", "is-IS"),
                ("zoneinfo", "Atlantic/Reykjavik"),
            ] + cust("free", opt_in="true")),
            f("ngugi.kamau", "CONFIRMED", "2023-08-21T05:48:19Z", "2025-05-05T13:37:00Z", [
                ("email", "ngugi.kamau@example.com"), ("email_verified", "true"),
                ("phone_number", "+447700900254"), ("phone_number_verified", "true"),
                ("name", "Ngũgĩ Kamau"), ("given_name", "Ngũgĩ"), ("family_name", "Kamau"),
                ("locale", "sw-KE"), ("zoneinfo", "Africa/Nairobi"),
            ] + cust("pro", crm=True, opt_in="true", points="2975"), mfa=["SMS_MFA"]),
            f("siobhan.nibhraonain", "CONFIRMED", "2022-03-17T19:25:40Z", "2024-08-30T08:08:08Z", [
                ("email", "siobhan.nibhraonain@mail.example.net"), ("email_verified", "true"),
                ("name", "Siobhán Ní Bhraonáin"), ("given_name", "Siobhán"),
                ("family_name", "Ní Bhraonáin"), ("locale", "ga-IE"),
                ("zoneinfo", "Europe/Dublin"),
            ] + cust("free", opt_in="false", points="120"), updated_at=True),
            f("annemarie.obrien", "CONFIRMED", "2024-02-29T12:00:00Z", "2025-02-28T12:00:00Z", [
                ("email", "anne-marie.obrien@example.com"), ("email_verified", "true"),
                ("name", "Anne-Marie O'Brien"), ("given_name", "Anne-Marie"),
                ("family_name", "O'Brien"), ("birthdate", "1988-02-29"),
                ("locale", "en-IE"), ("zoneinfo", "Europe/Dublin"),
            ] + cust("pro", self.team_tenants[1], crm=True, opt_in="true", points="880")),
            f("layla.haddad", "CONFIRMED", "2024-07-04T09:10:11Z", "2025-03-21T18:19:20Z", [
                ("email", "layla.haddad@example.net"), ("email_verified", "true"),
                ("name", "ليلى حداد"), ("given_name", "ليلى"), ("family_name", "حداد"),
                ("locale", "ar-AE"), ("zoneinfo", "Asia/Dubai"),
            ] + cust("enterprise", self.org_tenants["tailspin"], crm=True, opt_in="false",
                     points="5120")),
            f("noa.cohen", "CONFIRMED", "2023-04-26T06:30:00Z", "2024-11-11T11:11:11Z", [
                ("email", "noa.cohen@example.org"), ("email_verified", "false"),
                ("name", "נועה כהן"), ("given_name", "נועה"), ("family_name", "כהן"),
                ("locale", "he-IL"), ("zoneinfo", "Asia/Jerusalem"),
            ] + cust("free", opt_in="true", points="35")),
            f("kevin.walsh", "CONFIRMED", "2022-12-01T10:20:30Z", "2025-05-19T16:42:07Z", [
                ("email", "kevin.walsh@example.com"), ("email_verified", "true"),
                ("name", "Kevin Walsh"), ("given_name", "Kevin"), ("family_name", "Walsh"),
                ("nickname", "¯\\_(ツ)_/¯"), ("zoneinfo", "Europe/London"),
            ] + cust("pro", self.team_tenants[4], opt_in="false", points="1500")),
            # Double-escaped by an old CSV import; support tickets mention it.
            f("darcy.fitzwilliam", "CONFIRMED", "2021-06-18T13:13:13Z", "2021-06-18T13:14:02Z", [
                ("email", "darcy.fitzwilliam@example.com"), ("email_verified", "true"),
                ("name", "D\\'Arcy Fitzwilliam"), ("given_name", "D\\'Arcy"),
                ("family_name", "Fitzwilliam"), ("locale", "en-GB"),
            ] + cust("free", opt_in="false")),
            f("margaret.featherstonehaugh", "CONFIRMED", "2021-09-09T09:09:09Z",
              "2025-04-15T10:30:45Z", [
                  ("email", "m.featherstonehaugh@example.org"), ("email_verified", "true"),
                  ("name", "Margaret Featherstonehaugh-Cholmondeley"), ("given_name", "Margaret"),
                  ("family_name", "Featherstonehaugh-Cholmondeley"), ("gender", "female"),
                  ("birthdate", "1949-04-23"), ("phone_number", "+447700900909"),
                  ("phone_number_verified", "true"), ("address", long_address),
                  ("locale", "en-GB"), ("zoneinfo", "Europe/London"),
              ] + cust("pro", crm=True, opt_in="false", points="12040"), updated_at=True),
            f("oluwaseun.adebayo", "CONFIRMED", "2023-03-03T15:15:15Z", "2025-01-31T09:45:00Z", [
                ("email", "oluwaseun.adebayo@example.com"), ("email_verified", "true"),
                ("name", "Olúwaṣeun Adébáyọ̀"), ("given_name", "Olúwaṣeun"),
                ("family_name", "Adébáyọ̀"), ("locale", "en-NG"), ("zoneinfo", "Africa/Lagos"),
            ] + cust("pro", crm=True, opt_in="true", points="2600")),
            f("thu.nguyen", "CONFIRMED", "2024-09-02T01:02:03Z", "2025-05-30T23:59:59Z", [
                ("email", "thu.nguyen@inbox.example.org"), ("email_verified", "true"),
                ("name", "Nguyễn Thị Thu"), ("given_name", "Thu"), ("middle_name", "Thị"),
                ("family_name", "Nguyễn"), ("locale", "vi-VN"), ("zoneinfo", "Asia/Ho_Chi_Minh"),
            ] + cust("free", opt_in="true", points="90")),
            f("zsofia.nagy", "CONFIRMED", "2022-08-20T07:07:07Z", "2024-10-23T14:00:00Z", [
                ("email", "zsofia.nagy@example.net"), ("email_verified", "true"),
                ("name", "Nagy Zsófia"), ("given_name", "Zsófia"), ("family_name", "Nagy"),
                ("locale", "hu-HU"), ("zoneinfo", "Europe/Budapest"),
            ] + cust("enterprise", self.org_tenants["wingtip"], crm=True, opt_in="false")),
            f("mangeles.fernandez", "CONFIRMED", "2022-01-25T10:45:00Z", "2025-03-30T20:20:20Z", [
                ("email", "mangeles.fernandez@example.com"), ("email_verified", "true"),
                ("name", "María de los Ángeles Fernández de Córdoba y Gutiérrez de la Concha"),
                ("given_name", "María de los Ángeles"),
                ("family_name", "Fernández de Córdoba y Gutiérrez de la Concha"),
                ("locale", "es-ES"), ("zoneinfo", "Europe/Madrid"),
            ] + cust("pro", self.team_tenants[6], crm=True, opt_in="false", points="1995")),
            # Mononym: no family name at all.
            f("wulandari", "CONFIRMED", "2024-04-10T03:20:00Z", "2024-04-10T03:22:41Z", [
                ("email", "wulandari@example.net"), ("email_verified", "true"),
                ("name", "Wulandari"), ("given_name", "Wulandari"),
                ("locale", "id-ID"), ("zoneinfo", "Asia/Jakarta"),
            ] + cust("free", opt_in="true")),
            f("chris.taylor", "CONFIRMED", "2021-05-05T05:05:05Z", "2024-06-06T06:06:06Z", [
                ("email", "Chris.Taylor@Example.com"), ("email_verified", "true"),
                ("name", "Chris Taylor"), ("given_name", "Chris"), ("family_name", "Taylor"),
                ("phone_number", "+13125550187"), ("phone_number_verified", "true"),
                ("locale", "en-US"), ("zoneinfo", "America/Chicago"),
            ] + cust("pro", crm=True, opt_in="true", points="3100"), mfa=["SMS_MFA"]),
            f("sam.wright", "CONFIRMED", "2023-10-31T23:59:58Z", "2025-05-01T00:00:01Z", [
                ("email", "sam.wright+acme@example.com"), ("email_verified", "true"),
                ("name", "Sam Wright"), ("given_name", "Sam"), ("family_name", "Wright"),
                ("locale", "en-AU"), ("zoneinfo", "Australia/Sydney"),
            ] + cust("free", opt_in="false", points="0")),
            # The bare minimum: just sub and email (smoke-test account, legacy import).
            f(None, "CONFIRMED", "2021-03-08T09:30:00Z", "2021-03-08T09:30:00Z", [
                ("email", "qa+smoke-test@example.com"),
            ]),
            f(None, "CONFIRMED", "2021-04-19T12:00:00Z", "2021-04-19T12:00:00Z", [
                ("email", "j.doe@example.net"),
            ]),
        ]

    def build(self):
        rng = self.rng
        head = self.memorable_users()
        extras = self.interesting_users()

        quota = dict(STATUS_QUOTA)
        for u in head + extras:
            quota[u["status"]] -= 1
        assert all(v >= 0 for v in quota.values()), quota
        statuses = [s for s in STATUSES for _ in range(quota[s])]
        rng.shuffle(statuses)

        body = [self.generated_user(s) for s in statuses]

        # ~5% disabled: compromised accounts first, then a random selection.
        disabled_left = DISABLED_COUNT - sum(not u["enabled"] for u in head + extras)
        for u in body:
            if u["status"] == "COMPROMISED" and disabled_left > 0:
                u["enabled"] = False
                disabled_left -= 1
        candidates = [u for u in body if u["enabled"]]
        for u in rng.sample(candidates, disabled_left):
            u["enabled"] = False

        for u in extras:
            body.insert(rng.randint(0, len(body)), u)
        users = head + body
        return {
            "pool": {
                "id": "eu-west-1_DemoPool1",
                "name": "acme-customers (demo)",
                "region": "eu-west-1",
                "mfa_configuration": "OPTIONAL",
                "sms_mfa_enabled": True,
                "username_attributes": [],
                "alias_attributes": ["email", "preferred_username"],
                "schema": [
                    {"name": n, "data_type": t, "required": r, "mutable": m,
                     "custom": n.startswith("custom:")}
                    for n, t, r, m in STANDARD_SCHEMA + CUSTOM_SCHEMA
                ],
            },
            "users": users,
        }


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------

TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
PHONE_RE = re.compile(r"^\+[1-9]\d{6,14}$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def validate(data):
    pool, users = data["pool"], data["users"]
    assert list(pool) == ["id", "name", "region", "mfa_configuration", "sms_mfa_enabled",
                          "username_attributes", "alias_attributes", "schema"]
    assert pool["mfa_configuration"] in ("OFF", "ON", "OPTIONAL")
    schema_names = [a["name"] for a in pool["schema"]]
    assert len(schema_names) == len(set(schema_names))
    for a in pool["schema"]:
        assert list(a) == ["name", "data_type", "required", "mutable", "custom"], a
        assert a["data_type"] in ("String", "Number", "Boolean", "DateTime")
    assert len(users) == USER_COUNT, len(users)
    seen_user, seen_sub, seen_email, seen_handle = set(), set(), set(), set()
    for u in users:
        where = u["username"]
        assert list(u) == ["username", "status", "enabled", "created", "last_modified", "mfa",
                           "attributes"], where
        assert u["username"] and u["username"] not in seen_user, where
        seen_user.add(u["username"])
        assert u["status"] in STATUSES, where
        assert isinstance(u["enabled"], bool), where
        assert TS_RE.match(u["created"]) and TS_RE.match(u["last_modified"]), where
        assert POOL_CREATED <= parse_iso(u["created"]) <= parse_iso(u["last_modified"]) <= NOW, where
        assert set(u["mfa"]) <= {"SMS_MFA", "SOFTWARE_TOKEN_MFA"}, where
        assert len(u["mfa"]) == len(set(u["mfa"])), where
        attrs = u["attributes"]
        assert all(list(a) == ["name", "value"] for a in attrs), where
        names = [a["name"] for a in attrs]
        assert len(names) == len(set(names)), where
        assert names[0] == "sub", where
        av = {a["name"]: a["value"] for a in attrs}
        sub = av["sub"]
        assert str(uuid.UUID(sub)) == sub and uuid.UUID(sub).version == 4, where
        assert sub not in seen_sub, where
        seen_sub.add(sub)
        assert "email" in av and EMAIL_RE.match(av["email"]), where
        assert av["email"].lower() not in seen_email, where
        seen_email.add(av["email"].lower())
        if "preferred_username" in av:
            assert av["preferred_username"].lower() not in seen_handle, where
            seen_handle.add(av["preferred_username"].lower())
        for n, v in av.items():
            assert n in schema_names or n == "identities", (where, n)
            assert isinstance(v, str) and 0 < len(v) <= 2048, (where, n)
            t = ATTR_TYPES[n]
            if t == "Boolean":
                assert v in ("true", "false"), (where, n, v)
            elif t == "Number":
                assert v.isdigit(), (where, n, v)
        if "phone_number" in av:
            assert PHONE_RE.match(av["phone_number"]), where
        if "SMS_MFA" in u["mfa"]:
            assert av.get("phone_number_verified") == "true", where
        if "birthdate" in av:
            dt.date.fromisoformat(av["birthdate"])
        if "custom:plan" in av:
            assert av["custom:plan"] in ("free", "pro", "enterprise"), where
        if u["status"] == "UNCONFIRMED":
            assert av.get("email_verified", "false") == "false" and not u["mfa"], where
        if u["status"] == "EXTERNAL_PROVIDER":
            assert "identities" in av and json.loads(av["identities"]), where
    for s, n in STATUS_QUOTA.items():
        assert sum(u["status"] == s for u in users) == n, s
    assert sum(not u["enabled"] for u in users) == DISABLED_COUNT
    values = [a["value"] for u in users for a in u["attributes"]]
    assert any(len(v) >= 290 for v in values), "need one very long value"
    assert any("\\" in v for v in values) and any('"' in v for v in values)
    assert any(unicodedata.bidirectional(c) in ("R", "AL") for v in values for c in v)


def render(data):
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the output file is missing or stale")
    args = ap.parse_args()

    data = Generator().build()
    validate(data)
    text = render(data)

    if args.check:
        try:
            with open(args.output, encoding="utf-8") as fh:
                current = fh.read()
        except FileNotFoundError:
            current = None
        if current != text:
            print(f"{args.output} is stale; run python3 scripts/gen_demo_pool.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0

    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    users = data["users"]
    print(f"wrote {args.output}: {len(users)} users, "
          f"{sum(not u['enabled'] for u in users)} disabled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
