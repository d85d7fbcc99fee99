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
