from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


def _dialect(db: BaseDBAsyncClient) -> str:
    return "postgres" if db.capabilities.dialect == "postgres" else "sqlite"


async def upgrade(db: BaseDBAsyncClient) -> str:
    return UPGRADE[_dialect(db)]


async def downgrade(db: BaseDBAsyncClient) -> str:
    return DOWNGRADE[_dialect(db)]


UPGRADE = {
    "sqlite": """
        ALTER TABLE "membership" ADD "mandates" JSON NOT NULL DEFAULT '{}';""",
    "postgres": """
        ALTER TABLE "membership" ADD "mandates" JSONB NOT NULL DEFAULT '{}'::jsonb;""",
}

DOWNGRADE = {
    "sqlite": """
        ALTER TABLE "membership" DROP COLUMN "mandates";""",
    "postgres": """
        ALTER TABLE "membership" DROP COLUMN "mandates";""",
}

MODELS_STATE = (
    "eJztXW1z2zYS/is4fTlnRklt2Unc9uZm7NRpfW3ijKNeO006DCRCEmuKUAnQL+3lvx9AkR"
    "JJgRQhkTTI7ExnGpNYkHoAAvvy7OLv3pzaxGXPzqbEs/ElJ/Nretf7Bv3d8/CciH+oG/RR"
    "Dy8W69vyAscjdylBCHe8qYVDEcsRMqHAiHEfj7loMsEuI+KSTdjYdxbcoZ646gWuKy/SsW"
    "goOlhfCjznz4BYnE4JnxFf3Pjwu7jseDa5Jyz+c3FjTRzi2qnXd2z57PC6xR8W4bVLj78O"
    "G8qnjawxdYO5t268eOAz6q1aOx6XV8WPIT7mRHbP/UC+vny76EfHv2j5pusmy1dMyNhkgg"
    "OXJ37uyFpf61nW26uh9f5iaFk9DYDG1JPgildl4a+fyld4Ojg6eXlyevzi5FQ0CV9zdeXl"
    "5+Wj18AsBUN43g57n8P7mONlixDjNah0PA58n3hjsgnuqxn21eimpTIoi9fPohxjWgRzfK"
    "EA516vLpTn+N5yiTflM/HnyWEBpP89u371w9n1wcnhE/lAKr6D5bfyNrozCG9J1Ncoc4e7"
    "CoCH5D5n+q4E6sJ2/d02MIkL4Bxe/DqUPc8Z+9NNwnjw5uzXEOH5Q3Tnp6u338fNE7C/+u"
    "nqPAM3tm1iW6MHnSmdlNkJ9Gi2moJ5ekoPnj8vMadFq9xJHd5TwYz5JszfCZi4MydFUC/l"
    "MlDbkeCz+B/tA75osl++uXg/PHvzLjXjvzsbXsg7g9Rsj68evMgMyaoT9Mvl8Ack/0S/Xb"
    "29CNGkjE/98InrdsPfevKdcMCp5dE7S8CfwCS+HF9KjXC8/2ttvWmh7VtwCxawKnZhqddM"
    "bpSbcITYJsavqU+cqfcjeQihvhQvhdWbbqTbvVn2FCl2LUP5czyT4qvrj9vHdyuNMDPBBA"
    "jipxO+XN/P3r86++6iF6I9wuObO+zbVgp2eYcOaObKqu3mrflgnr2CPaER29EPka8dq9aM"
    "kfnIfcjTvBO3C/VuHDWsXtn+0Fu4mE+oHyryPqXz3u+ggD+iAp4cjrK6SlKmEwpiWlk5Hp"
    "TQVY4HuaqKvJXWVMJ5rgFw3L6D4NaiCbrYmwZiSdTBOCnTHM69id+MEXlaAuXTXIxPNy3I"
    "OfmLeloIJ2UaRPgi8OmCfPUO+w5rBusXJyXAfnGSi7a8lYZb7sk6UMftG4SZ3C9cZ+zwZi"
    "A+elEC4qOsrbKGWN5KQ+yRe255wXxEfA21IiPVnHVxZLR+sYZ1QoRtzekN8XTmb1qqwVnc"
    "1gWCES5tELYJ8n/eX71Vg5yUyfo9nDFH/0Ouw2qbwL1/TQJvLHFEo8BxxZuwZ/Kx/65rCA"
    "oglxgVe/2yDr5+2rkhO8h6/cY+kZDt4JBKS1bgkjJNBeySTyrHl16kBjXuS29oWRsclolU"
    "iFb5uvxhGKvY8E3lu08S7t/AdhSf2nkk9vrHayLsVPkDN7GPHSKyi245q9J2kXNLLJ8Gnq"
    "3YKHSA+kl0dC376TBYkVtvT6Q66QHN4CS1XzZzFntDFXfUYbQWwhilDLt7YvUu6qbDSEnd"
    "xlpQd1+ohqKfd6KbjkFVa9wg3gdVQYPEHlkQMZCtLHJLlhbw1qBB72yxIJ79lHruA3LpFN"
    "EJEtL+A7LJ2GHSSgg7e9bLoKYlWDHb59yZfinxhq8Hg+Pjl4PD4xenz09evnx+erhyDGze"
    "KvIQnF9+L50EKf1ve1SCBaM/yFih3eWr2QmRBhXteHlvrRdM2wG2n+/LMLJE1d6vG/E7dC"
    "Zt3L6DgZ7qo2hLxVPLLU5yJitQqtSBNLGRski5KrkeJCTAGZ5dDnbgpoEL0HwXoFRbdBzv"
    "cXtwulfudI+ZSnoUwYwUcAS3cwSTlLA9SYIZGlrLcC7LEszMMZNogt8FJMfYj+70i0x9Oy"
    "AlTXxhkmPbdTyCqI98Mpcj5gu0ZgTJJXGEGUE+vUMOC68JFPmsH/6TjWfEDlzio9DOv8M3"
    "hKFgofAG1POM7Y6DD0KHxDxYMkxEU7FxixYfVhq9TyZLZiN4F4zzLoCVVifXUUx8rbkdCX"
    "RpE25kfif00eX6o2lqrKWaMTeaXGe6ZG2s95nSrtCVRHOpkdIpH+WQtNEPCibdLt8S8KjA"
    "iaKzrGnwfOq0fy487uflSK3u9YtsoDjsYxHZvJQ5lD/IUJPArJQoMA9q3GgbD+KYDXAtUR"
    "xO7hV7Z0G1h6h9J/BtuthDS0Jmxq/HRkTNDIv4tl3fUxEh9SI1GSn4XrZHapKUpD0jNd1k"
    "nfYzkZrMHDMpUnPpjeh9jqWyutcvslQc2apcvOYipFFKgcCzlyzKPloOJhqJG5yhOPMfOX"
    "Yf3ZAFF/e546IZ9myX2JvxmYr63FpJIuxZDuBe1SQgBNNUCAbKTjQQill9FBogJ2U6CHIt"
    "9tYCP7gUK2DO9x8nRPZyIbdHYa3FVxztEYqVnFKXYE8NfkIqA/5IiNU1x1dXmsX9/Orqpx"
    "Tu55dZq/bnN+cX1wdH4SCIRg7PiTP6ZBIwbbQTUoC2Ftpj4tzuFAjJiEIkxDjL2JBISCqv"
    "V2FjZPN+8+2MdapxOWPjDEkJJIdVKBwolETUQxjF5tg36G5GJW9rjF2xWiMBXz++xISB4C"
    "JO0YhEt1XUsBqeoDREktzIlTEZJcpAdbtHrW6XGY3yCCskwfmk2KXiYpjaAG8KQkLZJrzi"
    "RwWKaiP5hsVKwAxminxeZ5gptrIAXgFJSF38DoZi/6FgN85ioTJFCspfrUVgQKofEANZip"
    "0iTgi4fK59rEBaqoNA1+LQi1HTt7zTkmB4G2d4Q/IgJA8++tfT5uTBqMDZ1eoIphzXkbJd"
    "v8xpX+nTnba7kt7JFL6VzDL3b1V2S+YHuhzdOTLtD3v28m4wEsrXjNho7ngBJ2zTe1RVp0"
    "qHUeLAjcSPBVcRnERW2p6oy26o+ygy22HjgCmjSAWGdFIIjLfKjbdowdocknzOcEKkA7O+"
    "adJwhN4OBkZaEiivJtsXcHwZHF9mnm1h7vFlK/jdLUZF3KKUOeFTt6Qh8cuMohkVb4owkl"
    "IIc0RlZZGVkvctWmAmY8l3oo1PQr1/JjQB6j+IizysTIt8gm2FRVF57xqmhZwDEgYwMcDE"
    "eHRlq24TI/7gywIct++gdxzyN1sZfiD+bry/lCAEH8A4aMGYgnEAxoGWcVBsGJQzCsrZA2"
    "coav4t+sSIGEcxPz6hKQ3rBEr1fXnwwHiGvWnIEiWejX2G5oHQ4hkh6ICJt0SfAsf+9ERF"
    "UK26+63s1BxSarrRmpghHqhZxBBshD1thKYL8pu2UFVNoGzDcW0t11Yl5UVbU42FQEs1Wk"
    "slqlJIxUNLlNWQYGDNGtj2HOjd2OpY/Sm9gV7udQBp1zobD/Wn2HP+0vNGpYQA6ZIJ7i5W"
    "+azz2QErgS6cu9M0OcD3A00HdizQBbSb0VghV6HWXIXIm6FhxiZFmjNkD+sCuGIrVh6Luk"
    "MOa1oK8itVRRaWJ4ZYdDJhhCsWhXxWokoWyInF2+EuWZc+vtsclsKSI7EI1BvRqDcCddd3"
    "0gDbZvgHC3vHYU5LwjAbPcyQ2wa5bWaGmPfMbUsgP5UBUUtsaHOF3nYeSb/+8Zq4IXWyAP"
    "iwp0vRUbegT7vLVjzCPdHKy+zrImiSG1gNXAnOcieBYreLioASPXUYKI8qM620gApzgN6K"
    "jjqGUxP8oWh2FXCI1vOvRHKBaBy23E4m4lxuMmK5RBPqZ5j/6OBj72MvvIHlrad0MonZQS"
    "rm0H596SUORPxdSB2A1IHSPqm6fE91pw4Au73+6Av22J0exmuJDmJ8WgLh01x8T9Xo7uTf"
    "yYiCg8doBw/kD0D+wOOr7P0W5Q/IjfqtGNZc9T/ZYIv2L5taYQellP/hjCDZWmjkS1nkyk"
    "zfO1mYevTQl2WpZbKvR/gd9W+YLELNRGMbLzjxxZ++w5cdMOR4aMWuSRkFNTzjo0cnyLGZ"
    "FJwz4t6KewdDMaJTH8/7YXfhPHbG4jGjGaU3T75BU+eWeEgOmiyfLSVlLkNI+H0aLPqI0Y"
    "8en4lLGInlUF5Gtsx5EIYx4oEvHk3owiXLHsRMo/INnqELHzNiy0ODPv1D2DbCdHk6J5/K"
    "nQ4EJowBJgwc+dPAkT9gwNRvwMTLflmE4/YdxPdoUMZ8Ea3yyWODDRMmYMTXxTgp0z0WZA"
    "3M9FaxAJrcBttuI27YMo+pbrOZk+9tTzYooW7LpqW07fyh3pofC4qiAYoi6DD16zA5ce0C"
    "smssAAzX1OpfSflN7Mn9Ums8kjJmDIl8bGeGROwvzq1CAy2kHa+FGiQexyt/a3nHf1DH20"
    "kTTQlCJVTTFNFHzzY2bDzrNumA8QuMXzODQiafZpGi0qnM1CzXbjsnTDL8qjdUwSQF+pXy"
    "k9/AubXsK6FCzKgeM2glAYZ/OcOfk3uFop1fySFu3wl8m67kIGPqnHg72DZpSaBiGW3dAB"
    "ULqFjmad3mUrGuRn+Q0HmYo3On7heq3DRuWUdgKD7uDQJDhmjhEBhqIDBEMFt+TmU1xLVE"
    "JzBuWke8JT5zVIjnLhcJCVAbFAEFKO9Vc3kv8SS2U8QmJQgRG5NtGtEVdXc7hSQjCuPcin"
    "HW34dUolBjTlG8L7Ij9PwDGSnY6bc7CJIG254egndRV912EWTmmFE+goCP6H2eg2B1s1/o"
    "HQiblXIN9N4QxsSbyKPdx45NbJkDhQVo2GM49DD0xR3XuZUJsghPOPHlb2ThGfDIJ2I8VK"
    "fIV9br9oBgOuPJpzT8PyMel6Ord4rLuTP9UpwVXw8Gx8cvB4fHL06fn7x8+fz0cLUobd4q"
    "Wp3OL7+XC1RqI9/u0rghChpBvqESNa/GSnlc+Gtmw0C2WQPZZvEqUxbguH0Hwa0nWDuTp/"
    "1amotEWgqocyUWC/zgUqzYCPP51wmR5unXj2Pb1kK0NtFZt8moWRDPjkKPbXTYYc7JfKGq"
    "bp7PC02IQD3+rEnvkXtuRRDt4CFTiAPFw2g3mUswI1bgcUfhXSge7IwouENNHufYXtbZj9"
    "Yi3dO1alFrZV0ai/i+iuuZH2dOS3WgmGHTkWY44OHLWcL0xzghBluUaeNrSFGHd9R1z8Iq"
    "kTmO+XSDfpFzPjycal3Zs3Lynug+HDsg7gFx79HXnwaUqvGMOsqjHfJ9WAkRM0oIdKqqA1"
    "Ti7fCGvHE4ox63Yy0BvI4SvI5oL9+T0zEUn4pUUDrO6VjPLZP4HO8ocwpSPpK3t6iNy4a1"
    "6IybCR/9Nd0aVEhQIbutQkIqQg2pCJo1A3I3sS7M2hpSEVqRrtQZFzJdcOUCUVADYyXRAb"
    "gbKH68g7EIPlvjTUSfjKlvC4N+pMXkyohBeLGUGgP5FpBvYahtbm6+RXIAVPZ5enwK7PPE"
    "nKizUrcXQFzn0Y3yaBDKA7sWgPVVYS5yh7uaNVIjgQ4ai7XoBiNqKzSwfGsxbt8B46VpWx"
    "Gq+dU/nedid6RabMW1RAcxrt6/1Ir0hBbju5hhprXjrQRg+paAtyUe/aOW6Gc2wbbrqMrY"
    "F7voknLgqDPZUfdnQP1AK6d1LdE991z1GcMyN5XNqKuls6SEGtTEj74aNBNJqB5n7FHvYU"
    "5VqkvxETZJuQZPsVldae0xNjPHJpaYp+LVdUHPigLuGrgvA4xavNeECPBei+3+HXivPrl1"
    "iNh0ZTUbvWBXWq5722n1+j1xyZhTiYfO/E9LwSdQ+ScwpoGn2gUKqPgrCTOGo1OH+S2wz5"
    "2xswhx2xiU/IhwRgzKIGzsvQEfU9VB3fkO9YQI+NS1fepRGbkdUkrSkuCEMNkJEWtCO1Te"
    "TQjCGJs8xgy7iuEtCCtE7TuwaNbt+4A6B1/EFwTnncJ5p2bS/PY87zRh3nthBWCFOzESfP"
    "3jNXFxDsM+wvxCdNIxwNNGSHwG1J44ZU+d6iJWcfbknlBlsjW7iJQ893JflCIqrDSGO4ZU"
    "E0zkGLYCNnIC2e2MZCs+yrTOtGFIFm7OD5XPS24J7cV4hOHY4Efx8kECEyQwmbHR99uTwD"
    "QMq95fU5qnNKQbFKoMUQV9X7QtpTD0hjOC4tMj0Hx56AviM8yRmDc+Z/LQl7BPdECeTZ+J"
    "P2Mk/8kQXRBPDE4s92TzGJnqu1crMooDZBKHCWR1GrVA9Bj9Q2dA69lT64EjTxpwLsORJx"
    "098sRsrKs/8ySxTmsAnZbqINCVTeoNtfOR1KJE0TuVUpSuiVegEomGVlyIb7tCdIakAJIC"
    "6IBRz5Yaiy3+E/OCPfkWOUJpYS6VqgsTmkSoxvQR8WzxYz4Gg8PBi9/lWXk/D1+hy/dXSG"
    "5Rm2pRXQ+B5PM2qDuQfF6xiweSz+su0SzpBXop0QkRQLmkBin2hL+oKkmvaCqvZTqIc/Xa"
    "Y7itbiKcT3BeCZjBb+4U3RzSUrvOdYIyBPXm0YxnlBHPCi0E3a8oKwtfkslfUjRawgjccZ"
    "wjSRhlo0fZFWO1EwM4KQhjbPIY+2QuULRGZEJ9heqT6wbYkNvJG2DYwFbtDJgTMcO9qaXt"
    "ZNkUBHg34YUUhS9iiYIUBUhRMJPIU1mKwvKosr355JljIzuCeq086TPiO+NZTxHUi+70i+"
    "J5eN2mUjo0hMRM5D3n+4nyic9dcHzXEmCQH5UGwlHzDqJ7dHhYxhF3eJjviZP3srVTPE48"
    "hV5cVDxlJdJ8dOFxVOHK4giPSlP5/H8KebWh"
)
