"""Demo data drawn from the seed documents. Every person here is invented."""

from __future__ import annotations

from core.roles import Role

# code, kind, name_ka, name_en, parent code
UNITS = [
    ("mia", "ministry", "შინაგან საქმეთა სამინისტრო", "Ministry of Internal Affairs", None),
    ("ird", "department", "საერთაშორისო ურთიერთობების დეპარტამენტი", "International Relations Department", "mia"),
    ("analytical", "department", "ანალიტიკური დეპარტამენტი", "Analytical Department", "mia"),
    ("patrol", "department", "საპატრულო პოლიციის დეპარტამენტი", "Patrol Police Department", "mia"),
    ("migration", "department", "მიგრაციის დეპარტამენტი", "Migration Department", "mia"),
    ("academy", "lepl", "სსიპ – შსს აკადემია", "LEPL MIA Academy", "mia"),
    ("service-agency", "lepl", "სსიპ – შსს მომსახურების სააგენტო", "LEPL MIA Service Agency", "mia"),
    ("emergency", "lepl", "სსიპ – საგანგებო სიტუაციების მართვის სამსახური", "LEPL Emergency Management Service", "mia"),
    ("psc-112", "lepl", "სსიპ – საზოგადოებრივი უსაფრთხოების მართვის ცენტრი „112“", "LEPL Public Safety Command Center 112", "mia"),
    ("border-police", "agency", "საქართველოს სასაზღვრო პოლიცია", "Border Police of Georgia", "mia"),
    ("tech-centre", "llc", "შპს „შსს საინჟინრო-ტექნიკური ცენტრი“", "MIA Engineering and Technical Centre LLC", "mia"),
    ("research-centre", "nnle", "აიპ „საზოგადოებრივი უსაფრთხოების კვლევითი ცენტრი“", "Public Safety Research Centre NNLE", "mia"),
    ("samegrelo", "territorial", "სამეგრელო-ზემო სვანეთის მთავარი სამმართველო", "Samegrelo-Zemo Svaneti Main Division", "mia"),
    ("zugdidi-iro", "municipality_office", "ზუგდიდის მუნიციპალიტეტის საერთაშორისო ურთიერთობების სამსახური", "Zugdidi Municipality International Relations Office", None),
]

# code, acronym, name_ka, name_en, IATI organisation type, IATI identifier, country, website
DONORS = [
    ("eu", "EU", "ევროკავშირის დელეგაცია საქართველოში", "Delegation of the European Union to Georgia", "15", "XI-IATI-EC_NEAR", "", "https://www.eeas.europa.eu/delegations/georgia"),
    ("sida", "Sida", "შვედეთის საერთაშორისო განვითარების სააგენტო", "Swedish International Development Cooperation Agency", "10", "SE-0", "SE", "https://www.sida.se"),
    ("usaid", "USAID", "აშშ-ის საერთაშორისო განვითარების სააგენტო", "United States Agency for International Development", "10", "US-GOV-1", "US", "https://www.usaid.gov"),
    ("undp", "UNDP", "გაეროს განვითარების პროგრამა", "United Nations Development Programme", "40", "XM-DAC-41114", "", "https://www.undp.org/georgia"),
    ("coe", "CoE", "ევროპის საბჭო", "Council of Europe", "40", "", "", "https://www.coe.int"),
    ("osce", "OSCE", "ეუთო", "Organization for Security and Co-operation in Europe", "40", "", "", "https://www.osce.org"),
    ("nato", "NATO", "ნატო", "North Atlantic Treaty Organization", "40", "", "", "https://www.nato.int"),
    ("iom", "IOM", "მიგრაციის საერთაშორისო ორგანიზაცია", "International Organization for Migration", "40", "XM-DAC-47066", "", "https://georgia.iom.int"),
    ("icmpd", "ICMPD", "მიგრაციის პოლიტიკის განვითარების საერთაშორისო ცენტრი", "International Centre for Migration Policy Development", "40", "", "AT", "https://www.icmpd.org"),
    ("us-inl", "INL", "აშშ-ის საელჩოს ნარკოტიკებისა და სამართალდაცვის საერთაშორისო ბიურო", "U.S. Embassy Bureau of International Narcotics and Law Enforcement Affairs", "10", "", "US", "https://ge.usembassy.gov"),
    ("jica", "JICA", "იაპონიის საერთაშორისო თანამშრომლობის სააგენტო", "Japan International Cooperation Agency", "10", "JP-8", "JP", "https://www.jica.go.jp"),
    ("unicef", "UNICEF", "გაეროს ბავშვთა ფონდი", "United Nations Children's Fund", "40", "XM-DAC-41122", "", "https://www.unicef.org/georgia"),
]

# username, first name, last name, language, [(role, unit code or None)]
USERS = [
    ("focal", "ნინო", "კაპანაძე", "ka", [(Role.FOCAL_POINT, "academy")]),
    ("focal2", "გიორგი", "ლომთაძე", "ka", [(Role.FOCAL_POINT, "border-police")]),
    ("coordinator", "თამარ", "ჩიქვაიძე", "ka", [(Role.IRD_COORDINATOR, None)]),
    ("minister", "ირაკლი", "დემეტრაძე", "ka", [(Role.TOP_MANAGEMENT, None)]),
    ("head", "ლევან", "ქორიძე", "ka", [(Role.UNIT_HEAD, "academy")]),
    ("viewer", "მარიამ", "ბაქრაძე", "en", [(Role.VIEWER, None)]),
    ("admin", "ადმინისტრატორი", "", "ka", [(Role.ADMIN, None)]),
]

# title, kind, donor code, owning unit code, need, estimated value, currency
# The first seven belong to the focal point's unit so it has an item in every state.
OPPORTUNITIES = [
    ("შსს აკადემიის ელექტრონული სწავლების პლატფორმა", "grant", "usaid", "academy", "დისტანციური სწავლების სისტემის არარსებობა", "850000", "USD"),
    ("ადამიანით ვაჭრობის წინააღმდეგ ბრძოლის ტრენინგი ინსტრუქტორებისთვის", "training", "osce", "academy", "ANP — ადამიანით ვაჭრობის პრევენცია", "45000", "EUR"),
    ("ადამიანის უფლებათა დაცვა პოლიციის საქმიანობაში", "training", "coe", "academy", "CPT-ის რეკომენდაციები", "60000", "EUR"),
    ("ტვინინგ პროექტი: პოლიციის განათლების სისტემის რეფორმა", "twinning", "eu", "academy", "AA — სამართალდამცავი სისტემის რეფორმა", "1500000", "EUR"),
    ("კრიზისული მართვის სწავლება ნატოს სტანდარტებით", "training", "nato", "academy", "SNGP — კრიზისების მართვა", "120000", "EUR"),
    ("პოლიციის ოფიცრების ინგლისური ენის კურსები", "training", "us-inl", "academy", "", "90000", "USD"),
    ("ბავშვთა მიმართ ძალადობის გამოძიების სპეციალიზაცია", "technical_assistance", "unicef", "academy", "CEDAW-ის რეკომენდაციები", "75000", "USD"),
    ("სასაზღვრო კონტროლის ინფრასტრუქტურის მოდერნიზაცია", "equipment", "eu", "border-police", "VLAP — საზღვრის მართვა", "3200000", "EUR"),
    ("სანაპირო დაცვის კატარღების ტექნიკური მომსახურება", "equipment", "us-inl", "border-police", "ANP — საზღვაო უსაფრთხოება", "1100000", "USD"),
    ("საზღვრის ინტეგრირებული მართვის სტრატეგიის განახლება", "technical_assistance", "icmpd", "border-police", "VLAP — საზღვრის ინტეგრირებული მართვა", "250000", "EUR"),
    ("სასაზღვრო კინოლოგიური სამსახურის გაძლიერება", "equipment", "us-inl", "border-police", "", "300000", "USD"),
    ("სანაპირო დაცვის რადარული სისტემის განახლება", "equipment", "nato", "border-police", "SNGP — საზღვაო სიტუაციური ცნობიერება", "2000000", "EUR"),
    ("კიბერდანაშაულის გამოძიების შესაძლებლობების გაძლიერება", "technical_assistance", "coe", "analytical", "ბუდაპეშტის კონვენცია", "400000", "EUR"),
    ("ორგანიზებული დანაშაულის ანალიტიკური შესაძლებლობები", "technical_assistance", "eu", "analytical", "AA — ორგანიზებულ დანაშაულთან ბრძოლა", "700000", "EUR"),
    ("მძიმე და ორგანიზებული დანაშაულის საფრთხის შეფასება (SOCTA)", "expert_mission", "eu", "analytical", "VLAP — ორგანიზებული დანაშაული", "150000", "EUR"),
    ("ნარკოტიკების კონტრაბანდასთან ბრძოლა — ექსპერტთა მისია", "expert_mission", "eu", "analytical", "", "80000", "EUR"),
    ("საპატრულო პოლიციის სასწავლო ვიზიტი ესტონეთში", "training", "eu", "patrol", "", "30000", "EUR"),
    ("საგზაო უსაფრთხოების ცნობიერების ამაღლება", "grant", "usaid", "patrol", "", "500000", "USD"),
    ("თემზე ორიენტირებული პოლიციის პილოტი რეგიონებში", "grant", "sida", "patrol", "PARP — პოლიციის რეფორმა", "9000000", "SEK"),
    ("ოჯახში ძალადობის შემთხვევებზე რეაგირების სტანდარტები", "technical_assistance", "undp", "patrol", "UPR-ის რეკომენდაციები", "200000", "USD"),
    ("მიგრაციის მართვის ელექტრონული სისტემის განვითარება", "grant", "icmpd", "migration", "VLAP — მიგრაციის მართვა", "1300000", "EUR"),
    ("უკანონო მიგრაციის პრევენციის საინფორმაციო კამპანია", "grant", "iom", "migration", "VLAP — უკანონო მიგრაცია", "180000", "USD"),
    ("დაბრუნებულ მიგრანტთა რეინტეგრაციის მხარდაჭერა", "grant", "iom", "migration", "", "350000", "USD"),
    ("ევროპოლთან ოპერატიული თანამშრომლობის სასწავლო ვიზიტი", "training", "eu", "migration", "AA — პოლიციის თანამშრომლობა", "25000", "EUR"),
    ("შსს მომსახურების სააგენტოს ონლაინ სერვისების განვითარება", "grant", "sida", "service-agency", "", "6000000", "SEK"),
    ("მონაცემთა დაცვის სტანდარტების დანერგვა", "technical_assistance", "coe", "service-agency", "კონვენცია 108+", "90000", "EUR"),
    ("სახანძრო-სამაშველო ტექნიკის შეძენა", "equipment", "jica", "emergency", "", "450000000", "JPY"),
    ("ქიმიური, ბიოლოგიური, რადიაციული და ბირთვული საფრთხეებზე რეაგირება", "equipment", "nato", "emergency", "ANP — სამოქალაქო მზადყოფნა", "800000", "EUR"),
    ("ენერგოეფექტური შენობები საგანგებო სამსახურისთვის", "grant", "eu", "emergency", "", "2500000", "EUR"),
    ("112 სერვისის ხელმისაწვდომობა შეზღუდული შესაძლებლობის მქონე პირებისთვის", "grant", "undp", "psc-112", "CRPD-ის რეკომენდაციები", "220000", "USD"),
    ("სასწრაფო დისპეტჩერიზაციის სისტემის განახლება", "equipment", "usaid", "psc-112", "", "1400000", "USD"),
    ("ციფრული მტკიცებულებების მართვის სისტემა", "equipment", "us-inl", "tech-centre", "", "950000", "USD"),
    ("ფორენზიკული ლაბორატორიის აკრედიტაცია", "technical_assistance", "eu", "tech-centre", "AA — ფორენზიკა", "600000", "EUR"),
    ("სტრატეგიული კომუნიკაციების შესაძლებლობების გაძლიერება", "technical_assistance", "nato", "research-centre", "SNGP — სტრატეგიული კომუნიკაციები", "100000", "EUR"),
    ("ქალთა მონაწილეობის გაზრდა სამართალდამცავ სტრუქტურებში", "grant", "undp", "research-centre", "CEDAW-ის რეკომენდაციები", "160000", "USD"),
    ("გენდერული თანასწორობის სამოქმედო გეგმის შესრულების მონიტორინგი", "technical_assistance", "osce", "research-centre", "", "70000", "EUR"),
    ("ტერორიზმის დაფინანსების წინააღმდეგ ბრძოლის ტრენინგი", "training", "osce", "samegrelo", "", "40000", "EUR"),
    ("პოლიციის ეთიკის კოდექსის განახლება", "expert_mission", "coe", "samegrelo", "ECRI-ის რეკომენდაციები", "35000", "EUR"),
    ("ზუგდიდის მუნიციპალიტეტში საზოგადოებრივი უსაფრთხოების პროექტი", "grant", "undp", "zugdidi-iro", "", "300000", "USD"),
    ("ვიზალიბერალიზაციის ნიშნულების მონიტორინგის მხარდაჭერა", "technical_assistance", "eu", "ird", "VLAP — ნიშნულების შესრულება", "200000", "EUR"),
    ("დონორთა კოორდინაციის ელექტრონული რეესტრის შექმნა", "technical_assistance", "undp", "ird", "ერთიანი ტაბელის შექმნა", "50000", "USD"),
    ("ნაღმების საწინააღმდეგო მოქმედებების სასწავლო კურსი", "training", "nato", "emergency", "", "65000", "EUR"),
]
