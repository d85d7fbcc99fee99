"""A CSV written elsewhere, served with the formula rule of the project's own CSVs."""

from sheets.cells import neutralised_csv


def test_a_csv_without_formula_cells_comes_back_as_the_same_bytes():
    data = b'clave,monto,nota\r\n1,-5,"dice ""hola"""\r\n2,+7.5e3,\r\n'
    assert neutralised_csv(data) is data


def test_a_formula_in_the_first_cell_is_caught_behind_the_bom_and_the_bom_is_kept():
    assert neutralised_csv("\ufeff=1+1;monto\r\n1;-5\r\n".encode()) == "\ufeff'=1+1;monto\r\n1;-5\r\n".encode()


def test_a_latin_1_file_keeps_its_encoding_and_every_other_byte():
    data = "municipio\tnota\nQuerétaro\t@SUM(A1)\nJalpan\tñ\n".encode("latin-1")
    assert neutralised_csv(data) == "municipio\tnota\nQuerétaro\t'@SUM(A1)\nJalpan\tñ\n".encode("latin-1")


def test_numbers_keep_their_sign_and_text_starting_with_one_does_not():
    data = b"a,b,c,d\n-5,+3.25,-Texto,\"=cmd|' /C calc'!A0\"\n"
    assert neutralised_csv(data) == b"a,b,c,d\n-5,+3.25,'-Texto,'=cmd|' /C calc'!A0\n"
