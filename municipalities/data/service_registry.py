"""The base registry of municipal services: the same list for every municipality.

(code, sector, ky, ru, en). Loaded by `manage.py load_service_registry`, which creates or updates
each service by its code and never deletes one (a municipality's services point to them); a code
missing here is marked "not in use". The list gathers the services the glossary names (drinking
water, irrigation water, waste collection, street cleaning, parks, roads, preschool…) and the
other services aiyl okmotus commonly provide; check it against the registry in force before a
production load and correct it here (the admin keeps later edits).
"""

SERVICES = [
    ("1", "water", "Ичүүчү суу менен камсыз кылуу", "Обеспечение питьевой водой", "Drinking water supply"),
    ("2", "water", "Агынды сууларды чыгаруу (канализация)", "Водоотведение (канализация)", "Sewerage"),
    ("3", "irrigation", "Сугат суу менен камсыз кылуу", "Обеспечение поливной водой", "Irrigation water supply"),
    ("4", "waste", "Катуу тиричилик калдыктарын чогултуу жана ташып чыгаруу", "Сбор и вывоз твёрдых бытовых отходов", "Solid waste collection and removal"),
    ("5", "waste", "Көчөлөрдү тазалоо", "Уборка улиц", "Street cleaning"),
    ("6", "roads", "Көчөлөрдү жарыктандыруу", "Уличное освещение", "Street lighting"),
    ("7", "roads", "Жергиликтүү жолдорду кармоо жана оңдоо", "Содержание и ремонт местных дорог", "Maintenance and repair of local roads"),
    ("8", "public_spaces", "Парктарды, скверлерди кармоо жана көрктөндүрүү", "Содержание парков, скверов и благоустройство", "Parks, squares and landscaping"),
    ("9", "public_spaces", "Көрүстөндөрдү кармоо", "Содержание кладбищ", "Maintenance of cemeteries"),
    ("10", "education", "Мектепке чейинки билим берүү", "Дошкольное образование", "Preschool education"),
    ("11", "culture_sport", "Маданий-эс алуу иш-чараларын уюштуруу", "Организация культурно-досуговых мероприятий", "Cultural and leisure events"),
    ("12", "culture_sport", "Дене тарбия жана спорт", "Физическая культура и спорт", "Physical culture and sport"),
    ("13", "culture_sport", "Китепкана кызматы", "Библиотечное обслуживание", "Library services"),
    ("14", "land", "Жайыттарды пайдаланууну уюштуруу", "Организация пользования пастбищами", "Organising the use of pastures"),
    ("15", "land", "Муниципалдык жерлерди ижарага берүү", "Предоставление муниципальных земель в аренду", "Lease of municipal land"),
    ("16", "social", "Аз камсыз болгон үй-бүлөлөргө социалдык колдоо", "Социальная поддержка малообеспеченных семей", "Social support of low-income families"),
    ("17", "administrative", "Маалымкаттарды берүү", "Выдача справок", "Issuing certificates"),
]  # fmt: skip
