"""Demo commitments of the ministry: the frameworks and institutions are real, the references
follow their numbering, the figures, reports and people are invented.

Dates are counted from the year the demo is loaded in, so the same data shows indicators that
lag their target path and indicators on it whatever the year: a path runs from 1 January two
years back to 31 December next year, so today stands between half and three quarters of it.
"""

from __future__ import annotations

from typing import NamedTuple

# Year offsets and dates: (years from this year, month, day).
YearDate = tuple[int, int, int]

PATH_START = -2  # baseline on 1 January two years back
PATH_END: YearDate = (1, 12, 31)  # target on 31 December next year


class IndicatorSeed(NamedTuple):
    name: str
    measure: str  # number, percent, yes_no, text
    baseline: float | None = None
    target: float | None = None
    baseline_text: str = ""
    target_text: str = ""
    starts: int = PATH_START
    ends: YearDate = PATH_END


class ReportSeed(NamedTuple):
    """One period's status report. ``outcome``: accepted, submitted (waits for the department)
    or returned (with ``comment``). ``values`` are per indicator in order; None leaves one out."""

    outcome: str
    assessment: str
    text: str
    values: tuple[float | str | None, ...] = ()
    comment: str = ""


class CommitmentSeed(NamedTuple):
    framework: str
    reference: str
    text_ka: str
    text_en: str
    unit: str
    supporting: tuple[str, ...]
    partners: str
    deadline: YearDate | None
    reporting: str  # a Periodicity value
    indicators: tuple[IndicatorSeed, ...]
    reports: tuple[ReportSeed, ...]
    # The period whose report is owed now, counted from the running one: 0 is due at the end
    # of this period; -1 is the period that ended last (handed in, returned or overdue). The
    # accepted reports answer the periods before it, one each.
    open_period: int = 0


ACCEPTED, SUBMITTED, RETURNED = "accepted", "submitted", "returned"

COMMITMENTS: tuple[CommitmentSeed, ...] = (
    CommitmentSeed(
        framework="vlap",
        reference="ბლოკი 2, 2.1",
        text_ka=(
            "საზღვრის ინტეგრირებული მართვის სტრატეგიისა და მისი სამოქმედო გეგმის განხორციელება: "
            "სასაზღვრო-გამშვებ პუნქტებზე კონტროლის თანამედროვე აღჭურვილობა, მესაზღვრეთა "
            "მომზადება ევროკავშირის სტანდარტებით და ინფორმაციის გაცვლა სამართალდამცავ უწყებებს "
            "შორის."
        ),
        text_en=(
            "Implement the integrated border management strategy and its action plan: modern "
            "control equipment at border crossing points, training of border guards to EU "
            "standards and information exchange between law-enforcement agencies."
        ),
        unit="border-police",
        supporting=("migration",),
        partners="შემოსავლების სამსახური (საბაჟო); საგარეო საქმეთა სამინისტრო",
        deadline=(1, 12, 31),
        reporting="quarterly",
        indicators=(
            IndicatorSeed("ევროკავშირის სტანდარტით გადამზადებული მესაზღვრეები", "number", 120, 600),
            IndicatorSeed(
                "ავტომატური ნომრის ამოცნობის სისტემით აღჭურვილი სასაზღვრო-გამშვები პუნქტები",
                "percent",
                35,
                100,
            ),
        ),
        reports=(
            ReportSeed(
                ACCEPTED,
                "on_track",
                "FRONTEX-ის საერთო ძირითადი სასწავლო პროგრამით გადამზადდა 30 მესაზღვრე.",
                (150, 48),
            ),
            ReportSeed(
                ACCEPTED,
                "at_risk",
                "სასწავლო ცენტრის სივრცე არ კმარა; ორი სასწავლო ჯგუფი გადაიდო.",
                (190, 52),
            ),
            ReportSeed(
                ACCEPTED,
                "at_risk",
                "ნომრის ამოცნობის კამერების შესყიდვა დონორის გადაწყვეტილებას ელოდება.",
                (230, 55),
            ),
            ReportSeed(
                SUBMITTED,
                "at_risk",
                "გადამზადდა კიდევ 35 მესაზღვრე; კამერები დამონტაჟდა სარფის პუნქტზე.",
                (265, 60),
            ),
        ),
        open_period=-1,
    ),
    CommitmentSeed(
        framework="vlap",
        reference="ბლოკი 2, 2.2",
        text_ka=(
            "მიგრაციის ერთიანი ანალიტიკური სისტემის ამოქმედება და მიგრაციის შესახებ "
            "სტატისტიკური მონაცემების რეგულარული გამოქვეყნება; მიგრაციის საკითხთა სამთავრობო "
            "კომისიის მხარდაჭერა."
        ),
        text_en=(
            "Run the unified migration analytical system and publish migration statistics "
            "regularly; support the State Commission on Migration Issues."
        ),
        unit="migration",
        supporting=("service-agency",),
        partners=(
            "იუსტიციის სამინისტრო; სახელმწიფო სერვისების განვითარების სააგენტო; "
            "საქართველოს სტატისტიკის ეროვნული სამსახური"
        ),
        deadline=(1, 6, 30),
        reporting="semi_annual",
        indicators=(
            IndicatorSeed(
                "მიგრაციის ერთიანი ანალიტიკური სისტემა ამოქმედებულია",
                "yes_no",
                0,
                1,
                ends=(0, 6, 30),
            ),
            IndicatorSeed("სისტემასთან დაკავშირებული უწყებები", "number", 3, 9),
        ),
        reports=(
            ReportSeed(
                ACCEPTED,
                "on_track",
                "სისტემის საცდელი ვერსია გაეშვა; დაკავშირებულია 6 უწყება.",
                (0, 6),
            ),
            ReportSeed(
                ACCEPTED,
                "on_track",
                "სისტემა ამოქმედდა; მიგრაციის პროფილი გამოქვეყნდა საიტზე.",
                (1, 8),
            ),
        ),
    ),
    CommitmentSeed(
        framework="vlap",
        reference="ბლოკი 3, 3.1",
        text_ka=(
            "ადამიანით ვაჭრობის (ტრეფიკინგის) წინააღმდეგ ბრძოლა: მსხვერპლთა პროაქტიული "
            "იდენტიფიცირება, მობილური ჯგუფების მიერ შრომითი ექსპლუატაციის შემოწმებები და "
            "დანაშაულის ეფექტიანი გამოძიება."
        ),
        text_en=(
            "Fight trafficking in human beings: proactive identification of victims, "
            "labour-exploitation inspections by the mobile groups and effective investigation."
        ),
        unit="migration",
        supporting=("academy", "patrol"),
        partners=(
            "საქართველოს პროკურატურა; ტრეფიკინგის მსხვერპლთა დაცვისა და დახმარების "
            "სახელმწიფო ფონდი; შრომის ინსპექციის სამსახური"
        ),
        deadline=(1, 12, 31),
        reporting="quarterly",
        indicators=(
            IndicatorSeed(
                "მობილური ჯგუფების მიერ ჩატარებული შემოწმებები წელიწადში", "number", 150, 400
            ),
            IndicatorSeed("იდენტიფიცირებული მსხვერპლები წელიწადში", "number", 10, 40),
            IndicatorSeed(
                "მსხვერპლთა იდენტიფიცირების სტანდარტული საოპერაციო პროცედურები",
                "text",
                baseline_text="2016 წლის პროცედურები, განახლებას საჭიროებს",
                target_text="განახლებული პროცედურები დამტკიცებულია და გამოიყენება",
            ),
        ),
        reports=(
            ReportSeed(
                ACCEPTED,
                "at_risk",
                "მობილურ ჯგუფებს აკლიათ თანამშრომლები; შემოწმებები ნაკლებია დაგეგმილზე.",
                (170, 12, "პროცედურების პროექტზე მუშაობა დაიწყო"),
            ),
            ReportSeed(
                ACCEPTED,
                "off_track",
                "ორი ინსპექტორი გადავიდა სხვა სამსახურში; ახალი ჯერ არ დანიშნულა.",
                (180, 14, "პროექტი მომზადებულია, შეთანხმების პროცესშია"),
            ),
            ReportSeed(
                RETURNED,
                "at_risk",
                "შემოწმებების რაოდენობა გაიზარდა 40-ით; ორი საქმე გადაეცა პროკურატურას.",
                (220, 19, "პროექტი შეთანხმებულია პროკურატურასთან"),
                comment=(
                    "იდენტიფიცირებულ მსხვერპლთა რიცხვი არ ემთხვევა პროკურატურის სტატისტიკას; "
                    "გთხოვთ, დააზუსტოთ და თან დაურთოთ წყარო."
                ),
            ),
        ),
        open_period=-1,
    ),
    CommitmentSeed(
        framework="vlap-post",
        reference="COM(2018) 856",
        text_ka=(
            "უსაფუძვლო თავშესაფრის განაცხადების შემცირება: უვიზო მიმოსვლის უფლებებისა და "
            "ვალდებულებების შესახებ საინფორმაციო კამპანიები, განსაკუთრებით მაღალი რისკის "
            "რეგიონებში."
        ),
        text_en=(
            "Reduce unfounded asylum applications: information campaigns on the rights and "
            "obligations of visa-free travel, above all in high-risk regions."
        ),
        unit="migration",
        supporting=("samegrelo",),
        partners="საგარეო საქმეთა სამინისტრო; იუსტიციის სამინისტრო",
        deadline=None,
        reporting="semi_annual",
        indicators=(
            IndicatorSeed("რეგიონებში ჩატარებული საინფორმაციო შეხვედრები", "number", 0, 120),
            IndicatorSeed(
                "საქართველოს მოქალაქეთა თავშესაფრის განაცხადები ევროკავშირში წელიწადში (ათასი)",
                "number",
                28,
                15,
            ),
        ),
        reports=(
            ReportSeed(
                ACCEPTED,
                "at_risk",
                "შეხვედრები ჩატარდა იმერეთსა და სამეგრელოში; განაცხადები ოდნავ შემცირდა.",
                (70, 26),
            ),
            ReportSeed(
                ACCEPTED,
                "at_risk",
                "კამპანია გაფართოვდა; განაცხადების კლება ნელია.",
                (95, 24),
            ),
        ),
    ),
    CommitmentSeed(
        framework="eu-aa",
        reference="მუხლი 13",
        text_ka=(
            "კანონის უზენაესობისა და ადამიანის უფლებების პატივისცემის განმტკიცება "
            "სამართალდაცვით ორგანოებში: პოლიციელთა სისტემატური მომზადება ადამიანის უფლებებსა "
            "და პროფესიულ ეთიკაში."
        ),
        text_en=(
            "Strengthen the rule of law and respect for human rights in law enforcement: "
            "systematic training of police officers in human rights and professional ethics."
        ),
        unit="academy",
        supporting=("patrol",),
        partners="სახალხო დამცველის აპარატი; ევროპის საბჭოს ოფისი საქართველოში",
        deadline=(1, 12, 31),
        reporting="quarterly",
        indicators=(
            IndicatorSeed(
                "ადამიანის უფლებებსა და ეთიკაში გადამზადებული პოლიციელების წილი",
                "percent",
                20,
                80,
            ),
            IndicatorSeed(
                "ეთიკის მოდული სავალდებულოა საბაზისო მომზადების პროგრამაში",
                "yes_no",
                0,
                1,
                ends=(0, 12, 31),
            ),
        ),
        reports=(
            ReportSeed(
                ACCEPTED,
                "on_track",
                "ადამიანის უფლებების კურსი გაიარა 1,200-მა პოლიციელმა.",
                (55, 0),
            ),
            ReportSeed(
                ACCEPTED,
                "on_track",
                "ეთიკის მოდული დამტკიცდა და ჩაირთო საბაზისო პროგრამაში.",
                (68, 1),
            ),
            ReportSeed(
                ACCEPTED,
                "on_track",
                "რეგიონებში ჩატარდა 14 გასვლითი სესია.",
                (72, 1),
            ),
        ),
    ),
    CommitmentSeed(
        framework="eu-aa",
        reference="მუხლი 19",
        text_ka=(
            "ორგანიზებული დანაშაულის წინააღმდეგ ბრძოლა და სამართალდაცვითი თანამშრომლობა: "
            "მძიმე და ორგანიზებული დანაშაულის საფრთხის შეფასება (SOCTA) ევროპოლის "
            "მეთოდოლოგიით და ოპერატიული ინფორმაციის გაცვლა ევროპოლთან."
        ),
        text_en=(
            "Fight organised crime and cooperate in law enforcement: a serious and organised "
            "crime threat assessment (SOCTA) on Europol's methodology, and operational "
            "information exchange with Europol."
        ),
        unit="analytical",
        supporting=(),
        partners="საქართველოს პროკურატურა; სახელმწიფო უსაფრთხოების სამსახური; ევროპოლი",
        deadline=(0, 6, 30),
        reporting="semi_annual",
        indicators=(
            IndicatorSeed(
                "SOCTA-ს ანგარიში მომზადებული და დამტკიცებულია",
                "yes_no",
                0,
                1,
                ends=(0, 6, 30),
            ),
            IndicatorSeed(
                "ევროპოლთან SIENA-ს არხით გაცვლილი შეტყობინებები წელიწადში", "number", 800, 1500
            ),
        ),
        reports=(
            ReportSeed(
                ACCEPTED,
                "on_track",
                "SOCTA-ს მონაცემთა შეგროვება დასრულდა; შეტყობინებების რიცხვი იზრდება.",
                (0, 1240),
            ),
            ReportSeed(
                ACCEPTED,
                "done",
                "SOCTA-ს ანგარიში დამტკიცდა; გაცვლილია 1,620 შეტყობინება.",
                (1, 1620),
            ),
        ),
    ),
    CommitmentSeed(
        framework="eu-agenda",
        reference="2.3, პოლიციის რეფორმა",
        text_ka=(
            "შსს-ის რეფორმის გაგრძელება: თემზე ორიენტირებული პოლიციის საქმიანობის დანერგვა და "
            "პოლიციისადმი საზოგადოების ნდობის ამაღლება."
        ),
        text_en=(
            "Continue the reform of the Ministry of Internal Affairs: introduce community "
            "policing and raise public trust in the police."
        ),
        unit="patrol",
        supporting=("samegrelo",),
        partners="მუნიციპალიტეტები; სამოქალაქო საზოგადოების ორგანიზაციები",
        deadline=(1, 12, 31),
        reporting="quarterly",
        indicators=(
            IndicatorSeed(
                "მუნიციპალიტეტები, სადაც თემზე ორიენტირებული პოლიცია მოქმედებს", "number", 2, 20
            ),
            IndicatorSeed("მოსახლეობის ნდობა პოლიციის მიმართ", "percent", 68, 80),
        ),
        reports=(
            ReportSeed(
                ACCEPTED,
                "on_track",
                "პილოტი ამოქმედდა ზუგდიდში; უბნის ინსპექტორები შეხვდნენ მოსახლეობას.",
                (3, 70),
            ),
            ReportSeed(
                ACCEPTED,
                "at_risk",
                "პილოტი ამოქმედდა ფოთში; დანარჩენი მუნიციპალიტეტები დაფინანსებას ელოდება.",
                (4, 70),
            ),
            ReportSeed(
                ACCEPTED,
                "at_risk",
                "ნდობის კვლევამ მცირე ზრდა აჩვენა; ახალი მუნიციპალიტეტი — ხობი.",
                (5, 71),
            ),
        ),
        # Nobody has reported on the period that ended last: the report is overdue.
        open_period=-1,
    ),
    CommitmentSeed(
        framework="nato-anp",
        reference="თავი IV, 4.2",
        text_ka=(
            "ნატოს სტანდარტებთან თავსებადი კრიზისების მართვისა და სამოქალაქო მზადყოფნის "
            "სისტემის განვითარება: საგანგებო რეაგირების ერთიანი დაგეგმვა და ერთობლივი სწავლებები."
        ),
        text_en=(
            "Develop crisis management and civil preparedness compatible with NATO standards: "
            "joint emergency response planning and joint exercises."
        ),
        unit="emergency",
        supporting=("psc-112", "academy"),
        partners="თავდაცვის სამინისტრო; საქართველოს მთავრობის ადმინისტრაცია",
        deadline=(1, 12, 31),
        reporting="semi_annual",
        indicators=(
            IndicatorSeed("ჩატარებული ერთობლივი სწავლებები", "number", 1, 6),
            IndicatorSeed(
                "საგანგებო რეაგირების ეროვნული გეგმა განახლებულია",
                "yes_no",
                0,
                1,
                starts=1,
            ),
        ),
        reports=(
            ReportSeed(
                ACCEPTED,
                "on_track",
                "ჩატარდა სწავლება „ლაზიკა“ 112-ისა და საგანგებო სამსახურის მონაწილეობით.",
                (3, 0),
            ),
            ReportSeed(
                ACCEPTED,
                "on_track",
                "ნატოს ექსპერტებთან ერთად ჩატარდა ორი სამაგიდო სწავლება.",
                (5, 0),
            ),
        ),
    ),
    CommitmentSeed(
        framework="nato-parp",
        reference="PG G 0020",
        text_ka=(
            "სანაპირო დაცვის თავსებადობა ნატოს ძალებთან: საზღვაო სიტუაციური ცნობიერების "
            "სისტემის განახლება და ინფორმაციის გაცვლა ნატოს საზღვაო სარდლობასთან."
        ),
        text_en=(
            "Coast Guard interoperability with NATO: modernise maritime situational awareness "
            "and exchange information with NATO's maritime command."
        ),
        unit="border-police",
        supporting=(),
        partners="თავდაცვის სამინისტრო; ნატოს გაერთიანებული საზღვაო სარდლობა (MARCOM)",
        deadline=(2, 12, 31),
        reporting="annual",
        indicators=(
            IndicatorSeed(
                "საზღვაო სიტუაციური ცნობიერების სისტემით დაფარული სანაპირო ზოლი",
                "percent",
                40,
                90,
                starts=0,
                ends=(2, 12, 31),
            ),
        ),
        reports=(),
    ),
    CommitmentSeed(
        framework="un-cat",
        reference="CAT/C/GEO/CO/3, პ. 11",
        text_ka=(
            "პოლიციის მიერ არასათანადო მოპყრობის პრევენცია: დაკავებისა და დროებითი "
            "მოთავსების ყველა ეტაპის ვიდეოჩაწერა და ყოველი საჩივრის ეფექტიანი, დამოუკიდებელი "
            "გამოძიება."
        ),
        text_en=(
            "Prevent ill-treatment by the police: video recording at every stage of arrest and "
            "temporary detention, and an effective, independent investigation of every complaint."
        ),
        unit="patrol",
        supporting=("psc-112",),
        partners=(
            "სპეციალური საგამოძიებო სამსახური; სახალხო დამცველის აპარატი (პრევენციის "
            "ეროვნული მექანიზმი)"
        ),
        deadline=(1, 12, 31),
        reporting="annual",
        indicators=(
            IndicatorSeed(
                "სხეულზე სამაგრი კამერებით აღჭურვილი საპატრულო ეკიპაჟები", "percent", 30, 100
            ),
            IndicatorSeed(
                "დროებითი მოთავსების იზოლატორების ვიდეოთვალთვალი",
                "text",
                baseline_text="ნაწილობრივი, ჩანაწერი ინახება 7 დღე",
                target_text="სრული, 24/7, ჩანაწერი ინახება 30 დღე",
            ),
        ),
        reports=(
            ReportSeed(
                ACCEPTED,
                "on_track",
                "კამერები გადაეცა თბილისისა და ბათუმის ეკიპაჟებს.",
                (85, "სრული თბილისში; რეგიონებში — 60%"),
            ),
        ),
    ),
    CommitmentSeed(
        framework="un-cedaw",
        reference="CEDAW/C/GEO/CO/6, პ. 24(ბ)",
        text_ka=(
            "ქალთა მიმართ და ოჯახში ძალადობაზე ეფექტიანი რეაგირება: რისკის შეფასების "
            "ინსტრუმენტის გამოყენება ყოველ გამოძახებაზე და შემაკავებელი ორდერების აღსრულების "
            "მონიტორინგი."
        ),
        text_en=(
            "Respond effectively to violence against women and domestic violence: the risk "
            "assessment tool on every call-out, and monitoring of restraining orders."
        ),
        unit="patrol",
        supporting=("psc-112", "academy"),
        partners="სახალხო დამცველის აპარატი; ძალადობის მსხვერპლთა თავშესაფრები; UN Women",
        deadline=(1, 12, 31),
        reporting="quarterly",
        indicators=(
            IndicatorSeed(
                "ოჯახში ძალადობის გამოძახებები, რომლებზეც რისკი შეფასდა", "percent", 45, 95
            ),
            IndicatorSeed(
                "ელექტრონული სამაჯურით აღსრულებული შემაკავებელი ორდერები", "number", 0, 300
            ),
        ),
        reports=(
            ReportSeed(
                ACCEPTED,
                "on_track",
                "რისკის შეფასების ელექტრონული ფორმა დაინერგა ყველა ეკიპაჟში.",
                (70, 90),
            ),
            ReportSeed(
                ACCEPTED,
                "on_track",
                "სამაჯურების მიწოდება შეფერხდა, რისკის შეფასება იზრდება.",
                (82, 120),
            ),
            ReportSeed(
                ACCEPTED,
                "on_track",
                "რისკი შეფასდა გამოძახებების 88%-ზე.",
                (88, 140),
            ),
        ),
    ),
    CommitmentSeed(
        framework="coe-ecri",
        reference="CRI(2016)2, პ. 39",
        text_ka=(
            "სიძულვილით მოტივირებული დანაშაულის ცალკე აღრიცხვა პოლიციაში, მოტივის "
            "სავალდებულო ველით შემთხვევის ელექტრონულ ბარათში, და სტატისტიკის ყოველწლიური "
            "გამოქვეყნება."
        ),
        text_en=(
            "Record hate-motivated crime separately in the police, with a mandatory motive "
            "field in the electronic case record, and publish the statistics every year."
        ),
        unit="analytical",
        supporting=("academy",),
        partners="საქართველოს პროკურატურა; საქართველოს უზენაესი სასამართლო; საქსტატი",
        deadline=(0, 12, 31),
        reporting="annual",
        indicators=(
            IndicatorSeed(
                "სიძულვილით მოტივირებული დანაშაულის სტატისტიკა გამოქვეყნებულია",
                "yes_no",
                0,
                1,
                ends=(-1, 12, 31),
            ),
            IndicatorSeed(
                "სიძულვილის დანაშაულის აღრიცხვაში გადამზადებული გამომძიებლები",
                "number",
                0,
                250,
            ),
        ),
        reports=(
            ReportSeed(
                ACCEPTED,
                "off_track",
                "მოტივის ველი ელექტრონულ ბარათში ჯერ არ დამატებულა; ტრენინგი არ დაფინანსებულა.",
                (0, 40),
            ),
        ),
    ),
    CommitmentSeed(
        framework="national",
        reference="მიგრაციის სტრატეგია 2021–2030, ამოცანა 2.3",
        text_ka=(
            "უკანონო მიგრაციის პრევენცია და რეადმისიის ეფექტიანი განხორციელება: რეადმისიის "
            "საქმეთა ელექტრონული მართვის სისტემის (RCMS) სრული გამოყენება და დაბრუნებულ "
            "მიგრანტთა რეინტეგრაციის მხარდაჭერა."
        ),
        text_en=(
            "Prevent irregular migration and carry out readmission effectively: full use of the "
            "readmission case management system (RCMS), and support for the reintegration of "
            "returning migrants."
        ),
        unit="migration",
        supporting=("border-police", "service-agency"),
        partners="მიგრაციის საკითხთა სამთავრობო კომისია; საგარეო საქმეთა სამინისტრო",
        deadline=(4, 12, 31),
        reporting="quarterly",
        indicators=(
            IndicatorSeed("RCMS-ით დამუშავებული რეადმისიის განაცხადები", "percent", 60, 100),
            IndicatorSeed(
                "რეინტეგრაციის დახმარება მიღებული დაბრუნებული მიგრანტები", "number", 100, 400
            ),
        ),
        reports=(
            ReportSeed(
                ACCEPTED,
                "on_track",
                "RCMS-ით მუშავდება განაცხადების 94%.",
                (94, 290),
            ),
            ReportSeed(
                ACCEPTED,
                "on_track",
                "ევროკავშირის ყველა წევრი ქვეყანა იყენებს RCMS-ს.",
                (97, 350),
            ),
        ),
    ),
)


# Reports to treaty bodies and partners that are owed under a commitment, not a project:
# framework, reference, kind, description, responsible unit, due in days, recurrence.
NATIONAL_REPORTS = (
    (
        "un-cat",
        "CAT/C/GEO/CO/3, პ. 11",
        "national_report",
        "საქართველოს პერიოდული ანგარიში გაეროს წამების წინააღმდეგ კომიტეტს: შსს-ის ნაწილი",
        "ird",
        40,
        "one_off",
    ),
    (
        "nato-anp",
        "თავი IV, 4.2",
        "national_report",
        "ANP-ის შესრულების ანგარიში სახელმწიფო მინისტრის აპარატს: შსს-ის ნაწილი",
        "ird",
        65,
        "annual",
    ),
)


# A commitment indicator, by its commitment and its position on it.
IndicatorKey = tuple[str, str, int]

# Opportunity title → KPIs it adds, each serving a commitment indicator (its target is the
# contribution the item expects): name, unit of measure, baseline, target, indicator served.
SERVING_KPIS: dict[str, list[tuple[str, str, float, float, IndicatorKey]]] = {
    "სასაზღვრო კონტროლის ინფრასტრუქტურის მოდერნიზაცია": [
        (
            "ნომრის ამოცნობის სისტემით აღჭურვილი პუნქტები",
            "%",
            35,
            70,
            ("vlap", "ბლოკი 2, 2.1", 1),
        ),
        ("გადამზადებული მესაზღვრეები", "პირი", 0, 80, ("vlap", "ბლოკი 2, 2.1", 0)),
    ],
    "საზღვრის ინტეგრირებული მართვის სტრატეგიის განახლება": [
        ("IBM-ის ტრენერებად მომზადებული მესაზღვრეები", "პირი", 0, 120, ("vlap", "ბლოკი 2, 2.1", 0)),
    ],
    "ადამიანით ვაჭრობის წინააღმდეგ ბრძოლის ტრენინგი ინსტრუქტორებისთვის": [
        (
            "ტრენინგის შემდეგ იდენტიფიცირებული შესაძლო მსხვერპლები",
            "პირი",
            0,
            10,
            ("vlap", "ბლოკი 3, 3.1", 1),
        ),
    ],
    "უკანონო მიგრაციის პრევენციის საინფორმაციო კამპანია": [
        (
            "საინფორმაციო შეხვედრები რეგიონებში",
            "შეხვედრა",
            0,
            40,
            ("vlap-post", "COM(2018) 856", 0),
        ),
    ],
    "ადამიანის უფლებათა დაცვა პოლიციის საქმიანობაში": [
        ("გადამზადებული პოლიციელების წილი", "%", 20, 35, ("eu-aa", "მუხლი 13", 0)),
    ],
    "ტვინინგ პროექტი: პოლიციის განათლების სისტემის რეფორმა": [
        ("ახალი პროგრამით გადამზადებული პოლიციელების წილი", "%", 20, 50, ("eu-aa", "მუხლი 13", 0)),
    ],
    "პოლიციის ეთიკის კოდექსის განახლება": [
        ("ეთიკის კოდექსზე გადამზადებული პოლიციელების წილი", "%", 20, 30, ("eu-aa", "მუხლი 13", 0)),
    ],
    "მძიმე და ორგანიზებული დანაშაულის საფრთხის შეფასება (SOCTA)": [
        ("SOCTA-ს ანგარიში", "კი/არა", 0, 1, ("eu-aa", "მუხლი 19", 0)),
    ],
    "ევროპოლთან ოპერატიული თანამშრომლობის სასწავლო ვიზიტი": [
        (
            "SIENA-ს არხით გაცვლილი შეტყობინებები",
            "შეტყობინება",
            800,
            1100,
            ("eu-aa", "მუხლი 19", 1),
        ),
    ],
    "თემზე ორიენტირებული პოლიციის პილოტი რეგიონებში": [
        (
            "პილოტის მუნიციპალიტეტები",
            "მუნიციპალიტეტი",
            2,
            12,
            ("eu-agenda", "2.3, პოლიციის რეფორმა", 0),
        ),
    ],
    "კრიზისული მართვის სწავლება ნატოს სტანდარტებით": [
        ("ერთობლივი სწავლებები", "სწავლება", 1, 4, ("nato-anp", "თავი IV, 4.2", 0)),
    ],
    "სანაპირო დაცვის რადარული სისტემის განახლება": [
        ("რადარით დაფარული სანაპირო ზოლი", "%", 40, 75, ("nato-parp", "PG G 0020", 0)),
    ],
    "სანაპირო დაცვის კატარღების ტექნიკური მომსახურება": [
        ("საპატრულო დღეები ზღვაში წელიწადში", "დღე", 120, 200, ("nato-parp", "PG G 0020", 0)),
    ],
    "ოჯახში ძალადობის შემთხვევებზე რეაგირების სტანდარტები": [
        (
            "გამოძახებები რისკის შეფასებით",
            "%",
            45,
            90,
            ("un-cedaw", "CEDAW/C/GEO/CO/6, პ. 24(ბ)", 0),
        ),
    ],
    "დაბრუნებულ მიგრანტთა რეინტეგრაციის მხარდაჭერა": [
        (
            "რეინტეგრაციის დახმარება მიღებული მიგრანტები",
            "პირი",
            0,
            150,
            ("national", "მიგრაციის სტრატეგია 2021–2030, ამოცანა 2.3", 1),
        ),
    ],
}

# Need title → the commitments it serves and its DAC sector.
NEED_LINKS: dict[str, tuple[tuple[tuple[str, str], ...], str]] = {
    "საზღვრის ინტეგრირებული მართვის სასწავლო ცენტრი": (
        (("vlap", "ბლოკი 2, 2.1"),),
        "15210",
    ),
    "ბიომეტრიული მონაცემების დაცვის სისტემა": ((("vlap", "ბლოკი 2, 2.2"),), "15136"),
    "პოლიციის ეთიკის სასწავლო პროგრამა": ((("eu-aa", "მუხლი 13"),), "15113"),
    "საპატრულო ეკიპაჟების ტექნიკური აღჭურვა": (
        (("un-cat", "CAT/C/GEO/CO/3, პ. 11"),),
        "15210",
    ),
    "ადამიანით ვაჭრობის მსხვერპლთა იდენტიფიცირება": (
        (("vlap", "ბლოკი 3, 3.1"),),
        "15190",
    ),
    "ანალიტიკური სამსახურის ციფრული ინსტრუმენტები": ((), "15110"),
}

# Project (by its opportunity's title) → DAC sectors, so what donors funded before shows
# beside a need in the same sector.
PROJECT_SECTORS: dict[str, list[str]] = {
    "კრიზისული მართვის სწავლება ნატოს სტანდარტებით": ["15210"],
    "სანაპირო დაცვის რადარული სისტემის განახლება": ["15210"],
    "თემზე ორიენტირებული პოლიციის პილოტი რეგიონებში": ["15210"],
    "მონაცემთა დაცვის სტანდარტების დანერგვა": ["15136"],
    "ფორენზიკული ლაბორატორიის აკრედიტაცია": ["15130"],
    "ვიზალიბერალიზაციის ნიშნულების მონიტორინგის მხარდაჭერა": ["15190"],
}

# Donor code → its priority areas: ("framework", code), ("sector", DAC code), ("theme", words).
DONOR_PRIORITIES: dict[str, list[tuple[str, str]]] = {
    "eu": [
        ("framework", "eu-aa"),
        ("framework", "eu-agenda"),
        ("framework", "vlap"),
        ("framework", "vlap-post"),
        ("sector", "15210"),
        ("sector", "15190"),
        ("sector", "15150"),
    ],
    "sida": [
        ("sector", "15110"),
        ("sector", "15150"),
        ("theme", "თემზე ორიენტირებული პოლიცია"),
        ("theme", "გენდერული თანასწორობა"),
    ],
    "usaid": [("sector", "15110"), ("sector", "15130"), ("theme", "საგზაო უსაფრთხოება")],
    "undp": [
        ("framework", "un-upr"),
        ("framework", "un-cedaw"),
        ("sector", "15180"),
        ("sector", "15160"),
    ],
    "coe": [
        ("framework", "coe"),
        ("framework", "coe-cpt"),
        ("framework", "coe-ecri"),
        ("sector", "15160"),
        ("sector", "15113"),
    ],
    "osce": [("sector", "15210"), ("theme", "ადამიანით ვაჭრობა")],
    "nato": [
        ("framework", "nato-anp"),
        ("framework", "nato-parp"),
        ("framework", "nato-sngp"),
        ("sector", "15210"),
    ],
    "iom": [
        ("framework", "vlap-post"),
        ("framework", "national"),
        ("sector", "15190"),
        ("sector", "15136"),
    ],
    "icmpd": [("framework", "vlap"), ("sector", "15190"), ("sector", "15210")],
    "us-inl": [("framework", "us-charter"), ("sector", "15210"), ("sector", "16063")],
    "jica": [("sector", "15133"), ("theme", "საგანგებო სიტუაციების მართვა")],
    "unicef": [("framework", "un-crc"), ("sector", "15160")],
}
