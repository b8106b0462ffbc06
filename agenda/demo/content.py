"""Texts of the demo programme: places, banners and a table of fictional events.

Everything here is original demo content. Dates are not written here: each event gives an offset
in days from the Monday of the current week, and each session an offset in days from the first
day of its event, so that the rendered programme moves with the calendar while weekdays stay
plausible (meetups on weekdays, hackathons on Friday and Saturday, nothing on Sunday).
Events that would meet a public holiday or the end-of-year break are moved by whole weeks
(`agenda.demo.programme.place_in_calendar`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum


class Notation(Enum):
    """How the programme of a page is written (the families met in real pages)."""

    SEED = "seed"  # <p><b>Le jeudi 03/11 de 16h15 à 18h15<br>[Meetup]</b> <i>Titre</i></p>
    BRACKETS = "brackets"  # **[Le 09/11 de 14h à 15h15] [Webinaire]**\ *Titre* (and Du … au …)
    LIST = "list"  # * **Titre**<br>Lundi 23 novembre 2026, 17h-17h30
    DATE_HEADINGS = "date_headings"  # **25/11/2026** then * 17h-18h : Titre
    TIMETABLE = "timetable"  # one-day event: * **9h30 - 12h :** Titre


Access = tuple[str, tuple[str, ...]]  # (type, line names)


@dataclass(frozen=True)
class Place:
    lieu: str
    adresse: str | None = None
    acces: tuple[Access, ...] = ()
    visio: str | None = None


@dataclass(frozen=True)
class Banner:
    image: str
    alt: str
    legende: str


@dataclass(frozen=True)
class Session:
    day: int  # days after the first day of the event
    slot: str  # "16h15-18h15", "14h-15h" or a single start time "9h"
    title: str
    labels: tuple[str, ...] = ()
    text: str = ""
    until: int | None = None  # last day of a daily slot (Du … au …)
    pause: bool = False  # a break in a timetable, written without bold


@dataclass(frozen=True)
class Event:
    slug: str
    title: str
    organisation: str
    offset: int  # first day, in days from the Monday of the current week
    days: int  # number of calendar days, first and last included
    notation: Notation
    place: Place
    banner: Banner
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    audiences: tuple[str, ...]  # who it is for (front-matter key `public`, the audience filter)
    chapeau: str
    intro: tuple[str, ...]
    sessions: tuple[Session, ...]
    conditions: str = (
        "Entrée gratuite sur inscription / Accessible aux personnes à mobilité réduite"
    )
    heading: str = "Au programme"
    link_label: str = "S'inscrire"


# --- Places -----------------------------------------------------------------------------------

SEGUR = Place(
    lieu="Centre de conférences Ségur",
    adresse="20 avenue de Ségur 75007 Paris",
    acces=(("Métro", ("Ligne 10 - Ségur", "Ligne 8 - École Militaire")),),
)
LYON = Place(
    lieu="Hôtel de Région Auvergne-Rhône-Alpes",
    adresse="1 esplanade François Mitterrand 69002 Lyon",
    acces=(("Tramway", ("T1 - Hôtel de Région Montrochet",)),),
)
RENNES = Place(
    lieu="Les Champs Libres",
    adresse="10 cours des Alliés 35000 Rennes",
    acces=(("Métro", ("Ligne a - Charles de Gaulle",)),),
)
LILLE = Place(
    lieu="EuraTechnologies",
    adresse="165 avenue de Bretagne 59000 Lille",
    acces=(("Métro", ("Ligne 2 - Bois Blancs",)),),
)
AMIENS_BIBLIOTHEQUE = Place(
    lieu="Bibliothèque Louis Aragon",
    adresse="50 rue de la République 80000 Amiens",
    acces=(("Train", ("Gare d'Amiens, à dix minutes à pied",)),),
)
AMIENS_PREFECTURE = Place(
    lieu="Préfecture de la Somme, hall d'accueil",
    adresse="51 rue de la République 80000 Amiens",
    acces=(("Train", ("Gare d'Amiens, à dix minutes à pied",)),),
)
MARSEILLE = Place(
    lieu="La Friche la Belle de Mai",
    adresse="41 rue Jobin 13003 Marseille",
    acces=(("Métro", ("Ligne 1 - Saint-Charles", "Ligne 2 - Saint-Charles")),),
)


def online(room: str) -> Place:
    """An online-only place with its visio room."""
    return Place(lieu="En ligne", visio=f"https://visio.example.org/{room}")


def hybrid(place: Place, room: str) -> Place:
    """An in-person place also streamed online."""
    return replace(
        place, lieu=f"{place.lieu} et en ligne", visio=f"https://visio.example.org/{room}"
    )


# --- Banners (files under agenda/demo/static/uploads/demo/) ------------------------------------

MOIS = Banner(
    image="/uploads/demo/mois-innovation-publique.svg",
    alt="Bandeau bleu et rouge portant le titre « Mois de l'innovation publique »",
    legende="Visuel de la saison de démonstration",
)
ATELIERS = Banner(
    image="/uploads/demo/ateliers-webinaires.svg",
    alt="Bandeau vert avec des bulles de discussion et le titre « Ateliers et webinaires »",
    legende="Ateliers et webinaires de la saison",
)
RENCONTRES = Banner(
    image="/uploads/demo/rencontres-hackathons.svg",
    alt="Bandeau orange avec des cercles reliés et le titre « Rencontres et hackathons »",
    legende="Rencontres et hackathons de la saison",
)

MIP = "Mois de l'innovation publique"
ONLINE = "Gratuit, sur inscription ; le lien de connexion est envoyé la veille"
S = Session

# --- Events -----------------------------------------------------------------------------------

EVENTS: tuple[Event, ...] = (
    Event(
        slug="cycle-retex-transformation-numerique",
        title="Cycle de retours d'expérience : la transformation numérique vue du terrain",
        organisation="Réseau des directions numériques ministérielles",
        offset=-20,
        days=16,
        notation=Notation.DATE_HEADINGS,
        place=online("retex-terrain"),
        conditions=ONLINE,
        banner=ATELIERS,
        categories=(MIP, "Webinaire"),
        tags=("retour d'expérience", "transformation numérique"),
        audiences=("Agents publics",),
        chapeau="Trois pauses déjeuner pour écouter des équipes raconter, sans fard, "
        "un projet numérique mené dans leur administration.",
        intro=(
            "Les réussites s'affichent volontiers ; les détours, beaucoup moins. Ce cycle donne "
            "la parole à des équipes qui ont mené un projet jusqu'au bout et acceptent de "
            "raconter aussi ce qui a coincé : calendrier intenable, marché mal calibré, "
            "usagers oubliés au départ.",
            "Chaque séance est suivie d'un temps de questions. Les enregistrements restent "
            "disponibles pour les agents inscrits.",
        ),
        sessions=(
            S(
                0,
                "12h-12h45",
                "Dématérialiser une démarche en six mois : le récit d'une équipe départementale",
            ),
            S(0, "12h45-13h", "Questions du public"),
            S(8, "17h-18h", "Reprendre un logiciel métier vieillissant sans tout casser"),
            S(15, "12h-13h", "Mutualiser un outil entre trois ministères"),
            S(15, "13h-13h15", "Conclusion du cycle"),
        ),
    ),
    Event(
        slug="journee-regionale-piloter-avec-les-donnees",
        title="Journée régionale : piloter l'action publique avec les données",
        organisation="Plateforme régionale des données publiques",
        offset=-18,
        days=1,
        notation=Notation.TIMETABLE,
        place=LYON,
        banner=MOIS,
        categories=(MIP, "Rencontre"),
        tags=("données", "pilotage", "territoires"),
        audiences=("Agents publics", "Élus"),
        chapeau="Une journée à Lyon pour partager des tableaux de bord, des méthodes et des "
        "outils libres entre services de l'État et collectivités.",
        intro=(
            "Les données produites chaque jour par les services publics peuvent éclairer les "
            "décisions, à condition d'être fiables, partagées et lisibles. Cette journée réunit "
            "des agents de l'État, des collectivités et des opérateurs pour comparer leurs "
            "pratiques.",
            "Le matin est consacré aux retours d'expérience, l'après-midi à la pratique en "
            "petits groupes.",
        ),
        heading="Programme de la journée",
        sessions=(
            S(0, "9h-9h30", "Accueil café", pause=True),
            S(0, "9h30-10h15", "Ouverture : pourquoi partager ses données entre administrations ?"),
            S(0, "10h15-12h", "Table ronde : trois tableaux de bord qui ont changé des décisions"),
            S(0, "12h-13h30", "Déjeuner", pause=True),
            S(
                0,
                "13h30-15h",
                "Ateliers au choix : qualité des données, visualisation, "
                "protection des données personnelles",
            ),
            S(0, "15h15-16h30", "Démonstrations d'outils libres de visualisation"),
            S(0, "16h30", "Clôture de la journée", pause=True),
        ),
    ),
    Event(
        slug="mois-de-linnovation-publique-temps-forts",
        title="Mois de l'innovation publique : les temps forts de la saison",
        organisation="Direction du numérique",
        offset=-14,
        days=30,
        notation=Notation.SEED,
        place=hybrid(SEGUR, "temps-forts"),
        banner=MOIS,
        categories=(MIP, "Rencontre"),
        tags=("innovation publique", "transformation publique"),
        audiences=("Agents publics", "Élus", "Grand public"),
        chapeau="Pendant un mois, la Direction du numérique ouvre ses portes et ses "
        "visioconférences : rencontres, démonstrations et tables rondes pour découvrir celles "
        "et ceux qui transforment le service public au quotidien.",
        intro=(
            "Le Mois de l'innovation publique est l'occasion de montrer le travail, souvent "
            "discret, des équipes qui améliorent les services rendus aux usagers : agents "
            "d'accueil, développeuses, designers, juristes, cheffes et chefs de projet en "
            "préfecture ou en mairie.",
            "Quatre rendez-vous rythment la saison. Tous sont gratuits, ouverts aux agents "
            "publics comme au grand public, et retransmis en direct pour celles et ceux qui ne "
            "peuvent pas se déplacer.",
        ),
        heading="À vos agendas",
        conditions="Entrée gratuite sur inscription / Accessible aux personnes à mobilité "
        "réduite / Retransmis en ligne",
        sessions=(
            S(
                1,
                "18h-20h",
                "Apéro-quiz des intrapreneuses et intrapreneurs",
                ("Meetup",),
                text="Une soirée conviviale pour rencontrer les agents qui portent un projet "
                "innovant dans leur administration. Au menu : un quiz par équipes sur vingt ans "
                "de services publics en ligne, des anecdotes de terrain et beaucoup de questions "
                "du public.",
            ),
            S(
                9,
                "14h-16h",
                "Simplifier sans exclure : des démarches en ligne pour toutes et tous",
                ("Table ronde",),
                text="Une médiatrice numérique, un responsable de service départemental et une "
                "experte de l'accessibilité croisent leurs regards. Comment garder un accueil "
                "humain quand tout passe par un formulaire ? Quels repères pour ne laisser "
                "personne de côté ?",
            ),
            S(
                17,
                "10h-12h30",
                "Dix produits publics, dix minutes chacun",
                ("Démo", "Retex"),
                text="Dix équipes présentent en direct le service qu'elles ont construit, leurs "
                "chiffres d'usage et ce qu'elles feraient autrement si c'était à refaire. Un "
                "format rythmé pour découvrir ce qui existe avant de lancer son propre projet.",
            ),
            S(
                25,
                "17h30-19h30",
                "Soirée de clôture : ce que la saison nous a appris",
                ("Rencontre",),
                text="Les organisatrices et organisateurs des événements partagent leurs "
                "enseignements et les pistes retenues pour l'an prochain, avant un moment "
                "d'échange informel.",
            ),
        ),
    ),
    Event(
        slug="webinaires-sobriete-numerique",
        title="Sobriété numérique : trois webinaires pour passer à l'action",
        organisation="Pôle numérique responsable",
        offset=-13,
        days=8,
        notation=Notation.LIST,
        place=online("sobriete-numerique"),
        conditions=ONLINE,
        banner=ATELIERS,
        categories=("Webinaire",),
        tags=("sobriété numérique", "écoconception"),
        audiences=("Agents publics", "Entreprises"),
        chapeau="Mesurer, prolonger, écoconcevoir : trois séances courtes pour réduire "
        "l'empreinte environnementale des services numériques publics.",
        intro=(
            "Le numérique public a une empreinte matérielle bien réelle : terminaux, réseaux, "
            "centres de données. Ces webinaires présentent des gestes concrets, à la portée "
            "d'une équipe projet comme d'un service informatique.",
        ),
        sessions=(
            S(0, "11h-12h", "Mesurer l'empreinte environnementale d'un service en ligne"),
            S(2, "11h-12h", "Allonger la durée de vie des équipements des agents"),
            S(7, "14h-15h", "Écoconcevoir un site public : les dix gestes qui comptent"),
        ),
    ),
    Event(
        slug="meetup-communs-numeriques-lille",
        title="Meetup des communs numériques à Lille",
        organisation="Collectif des communs numériques des Hauts-de-France",
        offset=-4,
        days=1,
        notation=Notation.SEED,
        place=LILLE,
        banner=RENCONTRES,
        categories=("Rencontre", MIP),
        tags=("communs numériques", "logiciel libre"),
        audiences=("Agents publics", "Associations", "Entreprises"),
        chapeau="Une soirée pour découvrir les logiciels libres utilisés par les collectivités "
        "du Nord et apprendre à y contribuer.",
        intro=(
            "De nombreuses collectivités utilisent et financent des logiciels libres sans "
            "toujours le savoir. Ce meetup réunit agents, entreprises du numérique et "
            "bénévoles pour faire connaître ces communs et les faire vivre ensemble.",
        ),
        sessions=(
            S(
                0,
                "18h-19h",
                "Cinq présentations éclair sur des logiciels libres des collectivités",
                ("Meetup", "Lightning talks"),
                text="Cinq intervenantes et intervenants, sept minutes chacun, pour présenter un "
                "outil libre en service dans une mairie, un département ou un syndicat mixte.",
            ),
            S(
                0,
                "19h15-20h30",
                "Atelier de contribution : documenter un logiciel libre public",
                ("Atelier",),
                text="Par petits groupes, les participants rédigent ou améliorent la documentation "
                "d'un des outils présentés. Aucune compétence technique n'est requise : un regard "
                "neuf est précieux.",
            ),
        ),
    ),
    Event(
        slug="permanences-accompagnement-projets-numeriques",
        title="Permanences : faites relire votre projet numérique",
        organisation="Incubateur des territoires",
        offset=-7,
        days=11,
        notation=Notation.BRACKETS,
        place=online("permanences-incubateur"),
        banner=ATELIERS,
        categories=("Atelier", MIP),
        tags=("accompagnement", "territoires", "open data"),
        audiences=("Agents publics", "Élus"),
        chapeau="Chaque jour, des coachs de l'Incubateur des territoires répondent en visio aux "
        "collectivités qui préparent un projet numérique.",
        intro=(
            "Vous avez une idée de service en ligne, un marché à rédiger ou un jeu de données "
            "à publier, et vous ne savez pas par où commencer ? Réservez un créneau de vingt "
            "minutes avec un membre de l'équipe : pas de dossier à remplir, juste une "
            "conversation franche sur votre besoin.",
            "Les permanences sont ouvertes aux agents des communes, intercommunalités, "
            "départements et régions.",
        ),
        conditions="Gratuit, sur réservation d'un créneau",
        sessions=(
            S(
                0,
                "12h30-13h30",
                "Accompagnement des projets numériques des collectivités",
                ("Permanence",),
                until=4,
                text="Un créneau quotidien pour présenter votre projet et repartir avec des "
                "conseils concrets et des contacts utiles.",
            ),
            S(
                7,
                "17h-17h30",
                "Questions sur l'ouverture des données locales",
                ("Permanence", "Open data"),
                until=9,
                text="Formats, licences, obligations légales, choix d'un portail : une demi-heure "
                "pour lever les doutes avant de publier.",
            ),
            S(10, "9h", "Bilan des permanences et prochaines dates", ("Webinaire",)),
        ),
    ),
    Event(
        slug="webinaires-design-des-services-publics",
        title="Cycle de webinaires : le design au service des usagers",
        organisation="Laboratoire d'innovation publique de Bretagne",
        offset=-6,
        days=23,
        notation=Notation.BRACKETS,
        place=online("design-services-publics"),
        conditions=ONLINE,
        banner=ATELIERS,
        categories=("Webinaire", MIP),
        tags=("design", "accessibilité", "langage clair"),
        audiences=("Agents publics",),
        chapeau="Cinq rendez-vous d'une heure pour découvrir des méthodes simples de design de "
        "service, à appliquer dès le lendemain dans son administration.",
        intro=(
            "Pas besoin d'être designer pour améliorer un parcours usager. Ce cycle présente "
            "des méthodes éprouvées, racontées par des agents qui les utilisent au quotidien, "
            "avec des exemples tirés de collectivités et de services de l'État.",
            "Chaque séance comprend trente minutes de présentation puis un temps de "
            "questions-réponses. Les supports sont partagés après chaque webinaire.",
        ),
        sessions=(
            S(
                0,
                "14h-15h",
                "Cartographier le parcours d'un usager en quarante-cinq minutes",
                ("Webinaire", "Design"),
                text="Une méthode pas à pas pour représenter les étapes vécues par une personne, "
                "de la recherche d'information jusqu'à la réponse de l'administration.",
            ),
            S(
                2,
                "11h-12h",
                "Accessibilité numérique : par où commencer quand on débute ?",
                ("Webinaire", "Accessibilité"),
                text="Les premiers contrôles à faire soi-même, les erreurs les plus fréquentes et "
                "les ressources pour aller plus loin.",
            ),
            S(
                7,
                "14h-15h15",
                "Tester un formulaire avec cinq personnes",
                ("Webinaire", "Design"),
                text="Recruter des testeurs, préparer un scénario, observer sans influencer : "
                "tout ce qu'il faut pour un premier test d'utilisabilité.",
            ),
            S(
                15,
                "10h30-11h30",
                "Réécrire un courrier administratif en langage clair",
                ("Webinaire", "Langage clair"),
            ),
            S(
                22,
                "14h-15h",
                "Mesurer la satisfaction des usagers sans tout compliquer",
                ("Webinaire", "Données"),
            ),
        ),
    ),
    Event(
        slug="rencontres-laboratoires-innovation-territoriale",
        title="Rencontres des laboratoires d'innovation territoriale",
        organisation="Laboratoire d'innovation publique de Bretagne",
        offset=8,
        days=10,
        notation=Notation.LIST,
        place=RENNES,
        banner=RENCONTRES,
        categories=("Rencontre", "Atelier"),
        tags=("territoires", "design", "coopération"),
        audiences=("Agents publics", "Élus", "Associations"),
        chapeau="À Rennes, les laboratoires d'innovation de l'Ouest ouvrent leurs ateliers et "
        "partagent leurs méthodes de travail avec les usagers.",
        intro=(
            "Les laboratoires d'innovation territoriale expérimentent, avec les habitants et "
            "les agents, de nouvelles manières de concevoir les politiques publiques. Pendant "
            "dix jours, ils se retrouvent pour confronter leurs approches et accueillir les "
            "curieux.",
            "Les séances se déroulent aux Champs Libres ; la restitution finale est aussi "
            "diffusée en ligne.",
        ),
        sessions=(
            S(0, "9h30-12h", "Atelier : prototyper un accueil unique pour les démarches sociales"),
            S(1, "14h-16h30", "Visite et échanges autour des projets du laboratoire régional"),
            S(7, "10h-12h", "Table ronde : travailler avec les usagers sans les épuiser"),
            S(9, "17h-17h30", "Restitution des travaux de la semaine"),
        ),
    ),
    Event(
        slug="webinaires-ia-generative-agents-publics",
        title="Webinaires : l'IA générative dans le quotidien des agents publics",
        organisation="Direction du numérique",
        offset=15,
        days=15,
        notation=Notation.BRACKETS,
        place=online("ia-agents-publics"),
        conditions=ONLINE,
        banner=ATELIERS,
        categories=("Webinaire", MIP),
        tags=("IA", "usages", "éthique"),
        audiences=("Agents publics",),
        chapeau="Trois pauses méridiennes pour comprendre ce que les assistants conversationnels "
        "peuvent, et ne peuvent pas, apporter au travail des agents.",
        intro=(
            "Résumer un dossier, proposer une première réponse à un usager, traduire une "
            "notice : les usages se multiplient, les questions aussi. Ces webinaires font le "
            "point sans jargon, avec des équipes qui ont déjà expérimenté.",
        ),
        sessions=(
            S(
                0,
                "12h30-13h30",
                "Comprendre les modèles de langage en une heure",
                ("Webinaire", "IA"),
            ),
            S(
                7,
                "12h30-13h30",
                "Cas d'usage : aider à répondre aux messages des usagers",
                ("Webinaire", "IA", "Retex"),
                text="Une équipe d'un service des impôts des particuliers raconte son "
                "expérimentation, ses garde-fous et ses résultats.",
            ),
            S(
                14,
                "12h30-13h45",
                "Cadre juridique, sobriété et bonnes pratiques",
                ("Webinaire", "IA"),
            ),
        ),
    ),
    Event(
        slug="atelier-langage-clair-rennes",
        title="Atelier langage clair : écrire pour être compris",
        organisation="Atelier des écrits publics",
        offset=23,
        days=1,
        notation=Notation.TIMETABLE,
        place=RENNES,
        banner=ATELIERS,
        categories=("Atelier",),
        tags=("langage clair", "relation usagers"),
        audiences=("Agents publics", "Associations"),
        chapeau="Une journée pratique pour rendre les courriers et les pages web de "
        "l'administration compréhensibles du premier coup.",
        intro=(
            "Un courrier mal compris, c'est un appel au standard, un déplacement au guichet, "
            "parfois un droit non demandé. Cet atelier propose des techniques simples pour "
            "écrire plus clairement, et les met à l'épreuve avec de vrais lecteurs.",
            "Apportez un document que vous souhaitez améliorer : il servira de support aux "
            "exercices de l'après-midi.",
        ),
        heading="Déroulé de la journée",
        sessions=(
            S(0, "9h-9h30", "Accueil", pause=True),
            S(0, "9h30-11h", "Pourquoi nos courriers sont-ils difficiles à lire ?"),
            S(0, "11h-12h30", "Exercice : réécrire un avis de taxe locale fictif"),
            S(0, "12h30-14h", "Déjeuner", pause=True),
            S(0, "14h-16h", "Tester ses textes auprès d'usagers volontaires"),
            S(0, "16h-16h30", "Bilan et ressources pour continuer"),
        ),
    ),
    Event(
        slug="tables-rondes-achat-public-innovant",
        title="Tables rondes : acheter de l'innovation quand on est une administration",
        organisation="Observatoire de l'achat public innovant",
        offset=30,
        days=7,
        notation=Notation.LIST,
        place=SEGUR,
        banner=RENCONTRES,
        categories=("Rencontre",),
        tags=("achat public", "start-up", "PME"),
        audiences=("Agents publics", "Entreprises"),
        chapeau="Acheteurs, juristes et entreprises débattent des outils qui permettent à "
        "l'administration d'acheter des solutions encore en cours d'invention.",
        intro=(
            "Le droit de la commande publique offre plusieurs voies pour acheter de "
            "l'innovation, mais elles restent peu utilisées. Ces trois tables rondes partent "
            "de cas réels pour démêler ce qui relève de la règle, de l'habitude et de la "
            "prudence.",
        ),
        sessions=(
            S(0, "9h30-11h", "Le marché d'innovation expliqué aux acheteurs débutants"),
            S(1, "14h-15h30", "Start-up et PME : ce qui les décourage de répondre"),
            S(6, "17h-18h30", "Retours d'expérience de trois collectivités"),
        ),
    ),
    Event(
        slug="hackathon-donnees-mobilite-amiens",
        title="Hackathon : les données de mobilité au service des habitants de la Somme",
        organisation="Préfecture de la Somme",
        offset=32,
        days=2,
        notation=Notation.DATE_HEADINGS,
        place=AMIENS_BIBLIOTHEQUE,
        banner=RENCONTRES,
        categories=("Hackathon", MIP),
        tags=("données", "mobilité", "open data"),
        audiences=("Grand public", "Étudiants", "Entreprises"),
        chapeau="Deux jours à Amiens pour imaginer, avec les données ouvertes de transport, des "
        "services utiles aux habitants des villes comme des campagnes.",
        intro=(
            "Horaires de cars, covoiturage, bornes de recharge, pistes cyclables : les données "
            "de mobilité du département sont ouvertes, mais encore peu exploitées. Développeurs, "
            "designers, étudiants, agents et habitants sont invités à former des équipes pour "
            "prototyper des services.",
            "Des mentors des services de l'État et des collectivités accompagnent les équipes "
            "pendant les deux jours. Les repas sont offerts.",
        ),
        sessions=(
            S(0, "9h-9h30", "Accueil des participantes et participants"),
            S(0, "9h30-10h30", "Présentation des défis et des jeux de données"),
            S(0, "10h30-12h30", "Constitution des équipes et premiers prototypes"),
            S(0, "14h-18h", "Sprint de développement accompagné par des mentors"),
            S(1, "9h-12h", "Finalisation des prototypes"),
            S(1, "14h-16h", "Présentation des projets devant le jury"),
            S(1, "16h30-17h", "Remise des prix et suite des projets"),
        ),
    ),
    Event(
        slug="ateliers-identite-numerique-demarches",
        title="Ateliers : raccorder ses démarches à l'identité numérique",
        organisation="Direction du numérique",
        offset=35,
        days=9,
        notation=Notation.BRACKETS,
        place=online("identite-numerique"),
        conditions=ONLINE,
        banner=ATELIERS,
        categories=("Atelier", "Webinaire"),
        tags=("identité numérique", "démarches en ligne"),
        audiences=("Agents publics", "Entreprises"),
        chapeau="Trois ateliers techniques pour permettre aux usagers de se connecter à vos "
        "démarches sans créer un énième compte.",
        intro=(
            "Chaque nouveau compte à créer est un obstacle pour l'usager. Ces ateliers "
            "s'adressent aux équipes techniques et aux chefs de projet qui veulent proposer "
            "une connexion par identité numérique sur leurs démarches.",
        ),
        sessions=(
            S(
                1,
                "10h-11h30",
                "Comprendre les parcours de connexion des usagers",
                ("Atelier", "Technique"),
            ),
            S(
                3,
                "10h-11h30",
                "Intégrer le bouton de connexion dans un formulaire existant",
                ("Atelier", "Technique"),
                text="Démonstration en direct sur un formulaire de test, puis questions sur vos "
                "propres intégrations.",
            ),
            S(8, "14h-15h", "Questions-réponses avec l'équipe d'accompagnement", ("Webinaire",)),
        ),
    ),
    Event(
        slug="hackathon-accessibilite-marseille",
        title="Hackathon accessibilité : des sites publics utilisables par toutes et tous",
        organisation="Réseau des référents accessibilité du Sud",
        offset=44,
        days=3,
        notation=Notation.DATE_HEADINGS,
        place=MARSEILLE,
        banner=RENCONTRES,
        categories=("Hackathon", "Atelier"),
        tags=("accessibilité", "RGAA", "design"),
        audiences=("Grand public", "Étudiants", "Associations"),
        chapeau="Trois jours à Marseille pour auditer et corriger, avec leurs utilisateurs, "
        "des sites publics volontaires.",
        intro=(
            "Une personne sur cinq rencontre des difficultés avec les sites web, qu'elle soit "
            "aveugle, malvoyante, sourde, ou qu'elle ait des troubles cognitifs ou moteurs. "
            "Ce hackathon associe des équipes web publiques et des utilisateurs concernés pour "
            "corriger des problèmes concrets.",
            "Les sites participants ont été choisis sur appel à volontaires auprès des "
            "collectivités de la région.",
        ),
        sessions=(
            S(0, "14h-15h", "Lancement et présentation des sites volontaires"),
            S(0, "15h-18h", "Audit collectif avec des utilisateurs de lecteurs d'écran"),
            S(1, "9h30-12h30", "Corrections en binômes développeur et designer"),
            S(1, "14h-17h", "Tests avec les usagers"),
            S(2, "9h30-11h30", "Rédaction des déclarations d'accessibilité"),
            S(2, "11h30-12h30", "Restitution et engagements des équipes"),
        ),
    ),
    Event(
        slug="semaine-des-usagers-permanences-amiens",
        title="Semaine des usagers : permanences d'aide aux démarches en ligne",
        organisation="Préfecture de la Somme",
        offset=49,
        days=5,
        notation=Notation.BRACKETS,
        place=AMIENS_PREFECTURE,
        banner=MOIS,
        categories=("Atelier", MIP),
        tags=("médiation numérique", "démarches en ligne"),
        audiences=("Grand public",),
        chapeau="Pendant une semaine, des agents et des conseillers numériques aident les "
        "habitants à réaliser leurs démarches en ligne.",
        intro=(
            "Titre de séjour, permis de conduire, certificat d'immatriculation : de nombreuses "
            "démarches se font désormais en ligne. Pour celles et ceux que cela met en "
            "difficulté, la préfecture organise des permanences sans rendez-vous.",
            "Pensez à apporter vos pièces justificatives et, si vous en avez un, votre "
            "téléphone portable.",
        ),
        conditions="Entrée libre, sans rendez-vous / Accessible aux personnes à mobilité réduite",
        link_label="Plus d'informations",
        sessions=(
            S(
                0,
                "10h-12h",
                "Aide aux démarches : titres de séjour, permis de conduire, immatriculation",
                ("Permanence",),
                until=4,
            ),
            S(
                2,
                "14h-15h30",
                "Atelier : créer son identité numérique pas à pas",
                ("Atelier",),
                text="Un atelier en petit groupe, animé par une conseillère numérique, pour "
                "repartir avec une identité numérique active.",
            ),
        ),
    ),
    Event(
        slug="rencontre-reseau-intrapreneurs-lyon",
        title="Rencontre du réseau des intrapreneurs publics",
        organisation="Réseau des intrapreneurs publics d'Auvergne-Rhône-Alpes",
        offset=52,
        days=1,
        notation=Notation.SEED,
        place=LYON,
        banner=RENCONTRES,
        categories=("Rencontre",),
        tags=("intrapreneuriat", "innovation publique"),
        audiences=("Agents publics",),
        chapeau="Agents porteurs de projets, mentors et curieux se retrouvent à Lyon pour une "
        "soirée de témoignages et de rencontres.",
        intro=(
            "Porter un projet innovant dans une administration demande de la ténacité et des "
            "alliés. Ce réseau informel réunit chaque trimestre des agents qui se sont lancés, "
            "et celles et ceux qui hésitent encore.",
        ),
        sessions=(
            S(
                0,
                "17h30-19h",
                "Porter un projet innovant dans son administration : témoignages",
                ("Rencontre", "Retex"),
                text="Trois agents racontent comment leur idée est devenue un service utilisé, "
                "des premiers refus au soutien de leur hiérarchie.",
            ),
            S(
                0,
                "19h-20h30",
                "Speed-meeting entre porteurs de projets et mentors",
                ("Meetup",),
                text="Des échanges de dix minutes pour trouver un conseil, un contact ou un "
                "binôme.",
            ),
        ),
    ),
    Event(
        slug="demo-day-incubateur-des-territoires",
        title="Demo day de l'Incubateur des territoires",
        organisation="Incubateur des territoires",
        offset=57,
        days=1,
        notation=Notation.TIMETABLE,
        place=hybrid(SEGUR, "demo-day-territoires"),
        banner=MOIS,
        categories=(MIP, "Démo"),
        tags=("incubateur", "territoires", "services numériques"),
        audiences=("Élus", "Agents publics"),
        chapeau="Les équipes de l'Incubateur des territoires présentent en direct les services "
        "lancés cette année avec les collectivités.",
        intro=(
            "Une après-midi pour voir fonctionner les services numériques conçus avec et pour "
            "les collectivités, et rencontrer les équipes qui les font vivre.",
            "L'événement a lieu à Paris et est retransmis en ligne.",
        ),
        sessions=(
            S(0, "13h30-14h", "Accueil", pause=True),
            S(0, "14h-15h30", "Démonstrations des services lancés cette année"),
            S(0, "15h30-16h", "Pause", pause=True),
            S(0, "16h-17h", "Table ronde : passer d'une expérimentation à un service pérenne"),
            S(0, "17h-18h", "Rencontres avec les équipes"),
        ),
    ),
    Event(
        slug="forum-open-data-collectivites-marseille",
        title="Forum open data des collectivités du Sud",
        organisation="Agence régionale des données publiques",
        offset=60,
        days=1,
        notation=Notation.TIMETABLE,
        place=hybrid(MARSEILLE, "forum-open-data"),
        banner=MOIS,
        categories=(MIP, "Rencontre"),
        tags=("open data", "collectivités", "API"),
        audiences=("Élus", "Agents publics", "Entreprises"),
        chapeau="Élus, agents et réutilisateurs font le point sur l'ouverture des données "
        "locales et sur ce qu'elle change pour les habitants.",
        intro=(
            "Depuis que les collectivités de plus de 3 500 habitants doivent publier leurs "
            "données, les portails se sont multipliés. Reste à les faire vivre : mettre à jour, "
            "documenter, dialoguer avec celles et ceux qui réutilisent.",
            "Le forum se tient à Marseille ; toute la journée est aussi retransmise en ligne.",
        ),
        sessions=(
            S(0, "8h30-9h", "Accueil", pause=True),
            S(0, "9h-9h45", "Ouverture : où en est l'ouverture des données locales ?"),
            S(0, "9h45-11h15", "Table ronde : publier, et après ? Faire vivre ses jeux de données"),
            S(0, "11h30-12h30", "Démonstrations : portails, API et cartes"),
            S(0, "12h30-14h", "Déjeuner", pause=True),
            S(0, "14h-16h", "Ateliers pratiques en petits groupes"),
            S(0, "16h-16h30", "Synthèse et clôture"),
        ),
    ),
)
