"""Spanish word lists and the sentences built from them: the texts of the generated dataset.

Every function takes the `random.Random` to draw from, so the same seed gives the same texts.
The phrases follow the wording of real ASM documents (documentos de trabajo, anexos de avance).
"""

from __future__ import annotations

import random

FIRST_NAMES = [
    "Ana",
    "María",
    "Laura",
    "Guadalupe",
    "Verónica",
    "Patricia",
    "Claudia",
    "Adriana",
    "Gabriela",
    "Rosa",
    "Alejandra",
    "Leticia",
    "Mónica",
    "Silvia",
    "Diana",
    "Teresa",
    "Elena",
    "Norma",
    "Sofía",
    "Fernanda",
    "José",
    "Juan",
    "Luis",
    "Carlos",
    "Jorge",
    "Miguel",
    "Francisco",
    "Alejandro",
    "Roberto",
    "Javier",
    "Ricardo",
    "Fernando",
    "Eduardo",
    "Sergio",
    "Raúl",
    "Arturo",
    "Héctor",
    "Gerardo",
    "Manuel",
    "Óscar",
]
LAST_NAMES = [
    "Hernández",
    "García",
    "Martínez",
    "López",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vázquez",
    "Reyes",
    "Jiménez",
    "Torres",
    "Díaz",
    "Gutiérrez",
    "Ruiz",
    "Mendoza",
    "Aguilar",
    "Ortiz",
    "Moreno",
    "Castillo",
    "Romero",
    "Álvarez",
    "Méndez",
    "Chávez",
    "Rivera",
    "Juárez",
    "Ramos",
    "Domínguez",
    "Herrera",
    "Medina",
    "Castro",
    "Vargas",
    "Guzmán",
    "Velázquez",
    "Salazar",
]

# (state, abbreviation, capital or main municipalities)
STATES = [
    ("Aguascalientes", "AGS", ["Aguascalientes", "Jesús María", "Calvillo"]),
    ("Baja California", "BC", ["Mexicali", "Tijuana", "Ensenada"]),
    ("Campeche", "CAM", ["Campeche", "Carmen", "Champotón"]),
    ("Chiapas", "CHIS", ["Tuxtla Gutiérrez", "Tapachula", "San Cristóbal de las Casas"]),
    ("Chihuahua", "CHIH", ["Chihuahua", "Juárez", "Delicias"]),
    ("Coahuila", "COAH", ["Saltillo", "Torreón", "Monclova"]),
    ("Durango", "DGO", ["Durango", "Gómez Palacio", "Lerdo"]),
    ("Guanajuato", "GTO", ["León", "Irapuato", "Celaya"]),
    ("Guerrero", "GRO", ["Chilpancingo", "Acapulco", "Iguala"]),
    ("Hidalgo", "HGO", ["Pachuca", "Tulancingo", "Tula de Allende"]),
    ("Jalisco", "JAL", ["Guadalajara", "Zapopan", "Tlaquepaque"]),
    ("Michoacán", "MICH", ["Morelia", "Uruapan", "Zamora"]),
    ("Morelos", "MOR", ["Cuernavaca", "Cuautla", "Jiutepec"]),
    ("Nuevo León", "NL", ["Monterrey", "Guadalupe", "San Nicolás de los Garza"]),
    ("Oaxaca", "OAX", ["Oaxaca de Juárez", "Juchitán", "Salina Cruz"]),
    ("Puebla", "PUE", ["Puebla", "Tehuacán", "San Martín Texmelucan"]),
    ("Querétaro", "QRO", ["Querétaro", "San Juan del Río", "Corregidora"]),
    ("San Luis Potosí", "SLP", ["San Luis Potosí", "Soledad de Graciano Sánchez", "Ciudad Valles"]),
    ("Sinaloa", "SIN", ["Culiacán", "Mazatlán", "Los Mochis"]),
    ("Sonora", "SON", ["Hermosillo", "Cajeme", "Nogales"]),
    ("Tabasco", "TAB", ["Villahermosa", "Cárdenas", "Comalcalco"]),
    ("Tamaulipas", "TAMS", ["Ciudad Victoria", "Reynosa", "Tampico"]),
    ("Veracruz", "VER", ["Xalapa", "Veracruz", "Coatzacoalcos"]),
    ("Yucatán", "YUC", ["Mérida", "Valladolid", "Tizimín"]),
    ("Zacatecas", "ZAC", ["Zacatecas", "Fresnillo", "Guadalupe"]),
]

FEDERAL_AGENCIES = [
    ("Secretaría de Bienestar", "BIENESTAR"),
    ("Secretaría de Salud", "SSA"),
    ("Secretaría de Educación Pública", "SEP"),
    ("Secretaría de Agricultura y Desarrollo Rural", "SADER"),
    ("Secretaría de Economía", "SE"),
    ("Secretaría del Trabajo y Previsión Social", "STPS"),
    ("Secretaría de Desarrollo Agrario, Territorial y Urbano", "SEDATU"),
    ("Secretaría de Medio Ambiente y Recursos Naturales", "SEMARNAT"),
    ("Secretaría de Cultura", "CULTURA"),
    ("Secretaría de Infraestructura, Comunicaciones y Transportes", "SICT"),
    ("Instituto Mexicano del Seguro Social", "IMSS"),
    ("Instituto de Seguridad y Servicios Sociales de los Trabajadores del Estado", "ISSSTE"),
    ("Comisión Nacional Forestal", "CONAFOR"),
    ("Comisión Nacional del Agua", "CONAGUA"),
    ("Instituto Nacional de los Pueblos Indígenas", "INPI"),
    ("Consejo Nacional de Humanidades, Ciencias y Tecnologías", "CONAHCYT"),
    ("Comisión Nacional de Vivienda", "CONAVI"),
    ("Instituto Nacional de las Mujeres", "INMUJERES"),
]

# (name pattern, acronym prefix); {state} is the state's name.
STATE_AGENCIES = [
    ("Secretaría de Salud del Estado de {state}", "SS"),
    ("Servicios de Salud del Estado de {state}", "SESA"),
    ("Secretaría de Educación del Estado de {state}", "SEDU"),
    ("Secretaría de Desarrollo Social del Estado de {state}", "SEDESO"),
    ("Secretaría de Bienestar Social del Estado de {state}", "SEBIS"),
    ("Sistema para el Desarrollo Integral de la Familia del Estado de {state}", "DIF"),
    ("Secretaría de Desarrollo Agropecuario del Estado de {state}", "SEDAGRO"),
    ("Secretaría de Desarrollo Económico del Estado de {state}", "SEDECO"),
    ("Secretaría de Seguridad Pública del Estado de {state}", "SSP"),
    ("Instituto de Vivienda del Estado de {state}", "IVE"),
    ("Comisión Estatal del Agua de {state}", "CEA"),
    ("Instituto del Deporte del Estado de {state}", "INDE"),
    ("Secretaría de Finanzas y Planeación del Estado de {state}", "SEFIPLAN"),
]
MUNICIPAL_AGENCIES = [
    ("Municipio de {city}, {state}", "MUN"),
    ("Dirección de Desarrollo Social del Municipio de {city}, {state}", "DDS"),
    ("Sistema Municipal DIF de {city}, {state}", "SMDIF"),
]

UNITS = [
    ("Dirección General de Planeación y Evaluación", "DGPE"),
    ("Dirección de Planeación", "DP"),
    ("Dirección de Evaluación y Seguimiento", "DES"),
    ("Unidad de Administración y Finanzas", "UAF"),
    ("Dirección General de Programación y Presupuesto", "DGPP"),
    ("Dirección de Operación de Programas", "DOP"),
    ("Coordinación de Programas Sociales", "CPS"),
    ("Dirección de Padrones de Beneficiarios", "DPB"),
    ("Unidad de Asuntos Jurídicos", "UAJ"),
    ("Dirección de Tecnologías de la Información", "DTI"),
    ("Dirección de Vinculación Interinstitucional", "DVI"),
    ("Dirección de Atención Ciudadana", "DAC"),
    ("Departamento de Estadística", "DE"),
    ("Dirección de Capacitación", "DC"),
    ("Coordinación de Delegaciones Regionales", "CDR"),
    ("Dirección de Infraestructura", "DI"),
    ("Departamento de Control Presupuestal", "DCP"),
    ("Unidad de Transparencia", "UT"),
    ("Dirección de Comunicación Social", "DCS"),
    ("Dirección de Recursos Humanos", "DRH"),
]
POSITIONS_CAPTURIST = [
    "Enlace de evaluación",
    "Jefe del Departamento de Evaluación",
    "Subdirectora de Seguimiento",
    "Enlace de planeación",
    "Jefa de Oficina de Indicadores",
]
POSITIONS_SUPERVISOR = [
    "Director de Planeación",
    "Directora General de Evaluación",
    "Titular de la Unidad de Planeación",
    "Director de Evaluación y Seguimiento",
    "Coordinadora de Planeación Estratégica",
]

EVALUATION_TYPES = [
    "Diseño",
    "Consistencia y Resultados",
    "Procesos",
    "Impacto",
    "Específica de Desempeño",
    "Específica",
    "Ficha de Monitoreo y Evaluación",
    "Evaluación de Indicadores",
]
SCOPES = [
    ("O", "Operación"),
    ("PP", "Planeación y programación"),
    ("RC", "Rendición de cuentas"),
    ("SER", "Seguimiento, evaluación y resultados"),
    ("N", "Normativo"),
]
TOPICS = [
    "Diagnóstico",
    "Diseño",
    "Planeación",
    "Cobertura y focalización",
    "Operación",
    "Resultados",
    "Percepción de la población",
    "Medición de resultados",
]
EVALUATORS = [
    "Consultores en Políticas Públicas, S.C.",
    "El Colegio de México, A.C.",
    "Centro de Investigación y Docencia Económicas, A.C.",
    "Universidad Autónoma de {state}",
    "Instituto Tecnológico y de Estudios Superiores de Occidente",
    "Evaluación y Gestión Pública, S.C.",
    "Servicios Profesionales de Evaluación, S.A. de C.V.",
    "El Colegio de {state}, A.C.",
    "Investigación en Salud y Demografía, S.C.",
    "Universidad Iberoamericana",
    "Facultad Latinoamericana de Ciencias Sociales",
]

PROGRAM_THEMES = [
    "Apoyo a la Vivienda",
    "Becas para la Educación Básica",
    "Atención a Personas con Discapacidad",
    "Fomento al Autoempleo",
    "Apoyo a Pequeños Productores",
    "Infraestructura Social Básica",
    "Comedores Comunitarios",
    "Salud Materna y Perinatal",
    "Prevención de Adicciones",
    "Agua Potable, Drenaje y Saneamiento",
    "Desarrollo Forestal Sustentable",
    "Empleo Temporal",
    "Atención a Jornaleros Agrícolas",
    "Estancias Infantiles",
    "Mejoramiento Urbano",
    "Fortalecimiento de la Calidad Educativa",
    "Cultura Física y Deporte",
    "Apoyo a Migrantes",
    "Seguridad Alimentaria",
    "Vacunación Universal",
    "Capacitación para el Trabajo",
    "Fomento a la Economía Social",
    "Caminos Rurales",
    "Atención a Adultos Mayores",
    "Igualdad entre Mujeres y Hombres",
    "Prevención del Delito",
    "Desarrollo de Zonas Prioritarias",
    "Escuelas de Tiempo Completo",
    "Salud Mental",
    "Conservación de Suelos",
]
PROGRAM_PREFIXES = ["Programa de", "Programa Estatal de", "Programa Integral de", "Programa Municipal de"]
FUNDS = [
    ("FASSA", "Fondo de Aportaciones para los Servicios de Salud"),
    ("FAIS", "Fondo de Aportaciones para la Infraestructura Social"),
    ("FAM", "Fondo de Aportaciones Múltiples"),
    ("FONE", "Fondo de Aportaciones para la Nómina Educativa y Gasto Operativo"),
    ("FAETA", "Fondo de Aportaciones para la Educación Tecnológica y de Adultos"),
    ("FASP", "Fondo de Aportaciones para la Seguridad Pública"),
    ("FORTAMUN", "Fondo de Aportaciones para el Fortalecimiento de los Municipios"),
    ("FAFEF", "Fondo de Aportaciones para el Fortalecimiento de las Entidades Federativas"),
]
MODALITIES = "SEUKPBGF"

VERBS = [
    "Actualizar",
    "Elaborar",
    "Definir",
    "Precisar",
    "Documentar",
    "Diseñar",
    "Integrar",
    "Revisar",
    "Fortalecer",
    "Establecer",
    "Sistematizar",
    "Homologar",
    "Publicar",
    "Mejorar",
    "Desarrollar",
    "Consolidar",
    "Formalizar",
    "Implementar",
]
OBJECTS = [
    "el diagnóstico del problema público que atiende el programa",
    "la Matriz de Indicadores para Resultados (MIR)",
    "la definición y cuantificación de la población potencial y objetivo",
    "los procedimientos de selección de beneficiarios",
    "el padrón único de beneficiarios",
    "las Reglas de Operación",
    "los lineamientos de operación",
    "la estrategia de cobertura de mediano plazo",
    "los mecanismos de seguimiento a los beneficiarios",
    "el manual de procedimientos",
    "las fichas técnicas de los indicadores",
    "la metodología de focalización",
    "el sistema de información del programa",
    "los instrumentos para medir la satisfacción de la población atendida",
    "el plan estratégico institucional",
    "los criterios de elegibilidad de los apoyos",
    "la coordinación con otros programas complementarios",
    "el registro de los avances físicos y financieros",
    "las metas de los indicadores de desempeño",
    "los mecanismos de transparencia y rendición de cuentas",
    "el árbol de problemas y objetivos",
    "los procesos de entrega de apoyos",
    "la evaluación de los resultados del programa",
    "el tablero de control de indicadores",
]
COMPLEMENTS = [
    "",
    "",
    "con base en la evidencia disponible",
    "conforme a la Metodología de Marco Lógico",
    "para el siguiente ejercicio fiscal",
    "en coordinación con las áreas operativas",
    "a fin de mejorar la focalización de los apoyos",
    "considerando las recomendaciones de la evaluación externa",
    "en todas las regiones donde opera el programa",
    "con información desagregada por sexo y grupo de edad",
    "de acuerdo con la normatividad aplicable",
    "para orientar la asignación del presupuesto",
    "y difundirlo en la página de internet de la dependencia",
]
ACTIVITY_VERBS = [
    "Elaborar",
    "Realizar mesas de trabajo para revisar",
    "Integrar",
    "Presentar al Comité de Planeación",
    "Solicitar la validación de",
    "Publicar",
    "Enviar a la Unidad de Evaluación",
    "Capacitar al personal operativo sobre",
    "Revisar y actualizar",
    "Aplicar una prueba piloto de",
    "Difundir",
    "Someter a aprobación",
    "Levantar la información para",
    "Analizar",
]
PRODUCTS = [
    "Documento de diagnóstico actualizado",
    "Minuta de reunión de trabajo",
    "Oficio de envío",
    "Reglas de Operación publicadas",
    "Informe de resultados",
    "Base de datos del padrón de beneficiarios",
    "Manual de procedimientos autorizado",
    "Fichas técnicas de los indicadores",
    "Listas de asistencia y constancias de capacitación",
    "Nota metodológica",
    "Matriz de Indicadores para Resultados actualizada",
    "Acta de la sesión del comité",
    "Reporte trimestral de avance",
    "Publicación en la página de internet",
    "Lineamientos autorizados",
]
PURPOSES = [
    "orientar la asignación de los recursos",
    "mejorar la focalización de los apoyos",
    "medir los resultados del programa",
    "dar seguimiento oportuno a los beneficiarios",
    "contar con información confiable para la toma de decisiones",
    "reducir los tiempos de entrega de los apoyos",
    "transparentar la operación del programa",
    "atender a la población objetivo",
]
REPORT_JUSTIFICATIONS = [
    "Se concluyó la elaboración del documento y se envió para su validación.",
    "Se realizaron {n} mesas de trabajo con las áreas responsables.",
    "El avance corresponde a la integración de la información de {n} municipios.",
    "La actividad se encuentra en revisión por la Unidad de Asuntos Jurídicos.",
    "Se cuenta con la versión preliminar del documento.",
    "Se avanzó conforme a lo programado en el cronograma de trabajo.",
    "Se solicitó la información a las delegaciones; se han recibido {n} respuestas.",
    "El documento fue presentado al comité y está pendiente su aprobación.",
    "No se registró avance por restricciones presupuestales del periodo.",
]
OBSERVATIONS = [
    "",
    "",
    "",
    "",
    "Se anexa la evidencia correspondiente.",
    "La fecha de término se mantiene.",
    "El avance se validó con el área coordinadora.",
    "Pendiente la firma del titular.",
]
REPLAN_CAUSES = [
    "cambios en la estructura orgánica de la dependencia",
    "la publicación tardía de los lineamientos",
    "restricciones presupuestales del ejercicio",
    "la rotación del personal responsable",
    "la modificación del calendario de la evaluación externa",
    "la entrada en vigor de nueva normatividad",
    "la necesidad de coordinarse con otra dependencia",
    "retrasos en la contratación del servicio",
]
RETURN_COMMENTS = [
    "Precise las fechas de término y el área responsable de cada actividad.",
    "Adjunte la evidencia que respalda el avance reportado.",
    "Revise la redacción de los resultados esperados; deben ser verificables.",
    "El porcentaje de avance no corresponde con la evidencia; corríjalo.",
    "Justifique la ampliación del plazo con mayor detalle.",
]
NOT_ATTENDED = [
    "La recomendación no es factible con los recursos disponibles del programa.",
    "La recomendación corresponde a otra dependencia y se comunicó a la instancia competente.",
    "La normatividad vigente no permite atenderla en el corto plazo.",
    "Ya se atiende mediante acciones en curso del programa.",
]
EVIDENCE_NAMES = [
    "Oficio",
    "Minuta",
    "Informe",
    "Acta",
    "Lista_de_asistencia",
    "Nota_metodologica",
    "Reporte",
    "Documento",
    "Diagnostico",
    "Padron",
    "Manual",
    "Lineamientos",
    "Presentacion",
    "Base_de_datos",
]
EVIDENCE_EXTENSIONS = ["pdf", "pdf", "pdf", "pdf", "xlsx", "docx", "zip", "pptx"]
PRIORITY_JUSTIFICATIONS = [
    "Incide directamente en la operación del programa.",
    "Es condición para medir los resultados.",
    "Atiende una observación recurrente de las evaluaciones.",
    "Su atención depende de otras áreas.",
]
ACTION_JUSTIFICATIONS = [
    "Se corrigen procesos internos sin modificar los apoyos.",
    "Requiere modificar la normatividad del programa.",
    "Implica reorientar la población objetivo.",
    "Se adicionan componentes de seguimiento.",
]


def person(rng: random.Random) -> tuple[str, str]:
    """(first name, two surnames)."""
    return rng.choice(FIRST_NAMES), f"{rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}"


def sentence(rng: random.Random) -> str:
    complement = rng.choice(COMPLEMENTS)
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}{' ' + complement if complement else ''}."


def aspect_text(rng: random.Random) -> str:
    return sentence(rng)


def recommendation_text(rng: random.Random) -> str:
    verb, obj, complement = rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(COMPLEMENTS)
    return f"Se recomienda {verb.lower()} {obj}{' ' + complement if complement else ''}."


def activity_text(rng: random.Random) -> str:
    complement = rng.choice(COMPLEMENTS)
    return f"{rng.choice(ACTIVITY_VERBS)} {rng.choice(OBJECTS)}{' ' + complement if complement else ''}."


def expected_results(rng: random.Random) -> str:
    return f"Contar con {rng.choice(OBJECTS)} que permita {rng.choice(PURPOSES)}."


def results_obtained(rng: random.Random) -> str:
    return f"Se cuenta con {rng.choice(PRODUCTS).lower()}, lo que permite {rng.choice(PURPOSES)}."


def report_justification(rng: random.Random) -> str:
    return rng.choice(REPORT_JUSTIFICATIONS).format(n=rng.randint(2, 12))


def replan_justification(rng: random.Random) -> str:
    return f"Debido a {rng.choice(REPLAN_CAUSES)}, se solicita replantear la actividad."


def evidence_file_name(rng: random.Random, year: int) -> str:
    return f"{rng.choice(EVIDENCE_NAMES)}_{rng.randint(1, 999):03d}_{year}.{rng.choice(EVIDENCE_EXTENSIONS)}"
