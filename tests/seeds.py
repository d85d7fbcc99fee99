"""What the seed documents (../shared/seeds/) print, as the tests that reproduce or read them need it."""

# The header row of Opciones Productivas' «Anexo C» (S054), as the seed prints it.
ANEXO_C_HEADERS = (
    "No.",
    "Aspecto Susceptible de Mejora",
    "Actividades",
    "Área Responsable",
    "Fecha de Término",
    "Resultados Esperados",
    "Producto y/o evidencia",
    "Porcentaje de avance y justificación ¹",
    "Identificación del documento probatorio (Nombre del archivo y extensión)",
    "Observaciones",
)

# S061's «documento de trabajo específico» (3x1 para Migrantes) prints the same header without the column
# that identifies the evidence file.
SPECIFIC_PROGRESS_HEADERS = tuple(label for label in ANEXO_C_HEADERS if not label.startswith("Identificación"))

# The Querétaro FASSA documents of work (Anexo A): the specific one, and the institutional one, which
# has the coordinating area and «Acciones a emprender» where the specific one has «Actividades».
FASSA_SPECIFIC_HEADERS = (
    "No.",
    "Aspecto Susceptible de Mejora",
    "Ámbito de gestión",
    "Actividades",
    "Fecha de inicio",
    "Fecha de término",
    "Productos y/o evidencias",
    "Área responsable",
    "Resultados esperados",
)
FASSA_INSTITUTIONAL_HEADERS = (
    *FASSA_SPECIFIC_HEADERS[:3],
    "Área coordinadora",
    "Acciones a emprender",
    *FASSA_SPECIFIC_HEADERS[4:],
)

# Durango's «Seguimiento a Aspectos Susceptibles de Mejora» (Programa Autoempleo para Jefas de Familia).
DURANGO_HEADERS = (
    "No.",
    "Aspecto Susceptible de Mejora",
    "Acciones Propuestas",
    "Área Responsable",
    "Fecha Término",
    "Resultados Esperados",
)

# FASSA-QRO's «PARTICIPANTES EN LA ELABORACIÓN DEL PASM»: its header and its rows, the e-mail cells empty
# as the seed prints them.
FASSA_PARTICIPANTS_HEADERS = ("Nombre", "Cargo", "Correo electrónico")
FASSA_PARTICIPANTS = (
    ("JOSE SAMUEL GARCIA SANCHEZ", "DIRECTOR DE PLANEACION", ""),
    ("ENRIQUE ONOFRE", "APOYO A LA DIRECCION DE PLANEACION", ""),
    ("GERARDO PALMA ANGELES", "JEFE DEL DEPARTAMENTO DE EVALUACION", ""),
)
