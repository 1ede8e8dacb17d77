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
    "eJztXf9z2zaW/1dw+uWcGSVry07ibW9uxk6drq9NnHG0tzvbdBhIhCTWFKASoL90r//7AR"
    "QpkRRIERJJU8ib6UxjEg+kPgCB9+XzHv7dmzOX+PzVxZRQF18LMr9lD73v0L97FM+J/Ie+"
    "QR/18GKxvq0uCDzylxKECI9OHRyJOJ6UiQRGXAR4LGSTCfY5kZdcwseBtxAeo/IqDX1fXW"
    "Rj2VB2sL4UUu/3kDiCTYmYkUDe+OVXedmjLnkkPPlzcedMPOK7mdf3XPXs6LojnhbRtWsq"
    "3kcN1dNGzpj54ZyuGy+exIzRVWuPCnVV/hgSYEFU9yII1eurt4t/dPKLlm+6brJ8xZSMSy"
    "Y49EXq546c9bWe43y8GTqfr4aO0zMAaMyoAle+Ko9+/VS9wsvBydnbs/PTN2fnskn0mqsr"
    "b/9cPnoNzFIwgufjsPdndB8LvGwRYbwGlY3HYRAQOiab4L6b4UCPblYqh7J8/TzKCaZlMC"
    "cXSnDu9ZpCeY4fHZ/QqZjJP8+OSyD934vbd3+7uD06O36hHsjkd7D8Vj7GdwbRLYX6GmXh"
    "CV8D8JA8FkzflUBT2K6/2xYmcQmcw6t/DlXPc85/99MwHn24+GeE8PwpvvPzzccfk+Yp2N"
    "/9fHOZgxu7LnGd0ZPJlE7L7AR6PFu7gnl2Sg9ev64wp2Wrwkkd3dPBjMUmzD9ImIQ3J2VQ"
    "L+VyULux4KvkH4cHfNlkv/5w9Xl48eFTZsb/cDG8UncGmdmeXD16kxuSVSfoH9fDvyH1J/"
    "rXzcerCE3GxTSInrhuN/xXT70TDgVzKHtwJPwpTJLLyaXMCCf7v9HWmxXavgUfwAJWxy6s"
    "9JrJnXYTjhHbxPg9C4g3pT+Rpwjqa/lSWL/pxrrdh2VPsWJ3YCj/mcyk5Or64w7ww0ojzE"
    "0wCYL86UQs1/eLz+8ufrjqRWiP8PjuAQeuk4Fd3WEDlruyart5az6Y569gKjViN/4h6rUT"
    "1ZpzMh/5T0Wad+p2qd6N44b1K9u/9BY+FhMWRIp8wNi89yso4M+ogKeHo6qukpaxQkHMKi"
    "ungwq6yumgUFVRt7KaSjTPDQBO2lsIbiOaoI/pNJRLognGaZn2cO5NgnaMyPMKKJ8XYny+"
    "aUHOyR+MGiGclmkR4aswYAvyl0848Hg7WL85qwD2m7NCtNWtLNxqTzaBOmnfIszkceF7Y0"
    "+0A/HJmwoQn+RtlTXE6lYWYkoehUPD+YgEBmpFTqo96+Kk0/rFGtYJkba1YHeEmszfrFSL"
    "s/hQFwhOhLJB+CbI//P55qMe5LRM3u/hjQX6P+R7vLEJ3PuvSUjHCkc0Cj1fvgl/pR7730"
    "0NQQnkCqNyr1/ewdfPOjdUB3mv3zggCrIdHFJZyRpcUl1TAW3ySRX40svUoNZ96S0ta4Pj"
    "KpEK2apYlz/eiFU8EH/M5sQRcqc1CVnk5WxworcduEgwNAtdZKVswL0FkzUBzXy3yEpCAK"
    "Nrm8WGo73YF5yKZYWup5kJl7HY+59uiY8jJDfHPPHuqi7s8rxnnTzePXECFlJXo/WaAPWz"
    "7OhW9WMxWHGMYk+krAzn5HBSpjyfeYu9oUo6shitRcDkCon9PbH6FHdjMVKCUC773ROo4b"
    "IXm3GSKoqzYP6+U2oo+/kku7EMqkaDxYm+oIsUp3SJkjCxauWQe7J0e26NFPcuFgtC3ZeM"
    "+k/IZ1PEJkhKB0/IJWNPzXQUdfaql0PNSLBmiuelN/1Wgsx/HQxOT98Ojk/fnL8+e/v29f"
    "nxyhu8eavMLXx5/aPyDGfU7u2haB6OfiNjjRZcbHqmRFr0riTb4MGGPoyjHvsFPDpmYNYd"
    "8riTv8Nk0ibtLYzu10+dWCroRrFQUjBZwRWld0XJjZTHylXF9SAlARHQ/HKwAyEZ4j7ddO"
    "Wlh1WpLSbR1qQ9RFprj7Qm9FQzXnhOCojh24nhaR7wnszwHPf4wHCuSg3PzbEuccN/CEmB"
    "sR/f6ZeZ+m5IKpr40iTHru9RgliAAjJXIxZItGYEqSVxhDlBAXtAHo+uSRTFrB/9k49nxA"
    "19EqDIzn/Ad4SjcKHxBjTzjO2Og1+kDolFuKQVhlEITrb4ZaXRB2SypLODd6Fz3gWw0pok"
    "uMuJbzS3YwGbNuFW5ndKHw13IQ+spdoxN9pcZ2yyNtb7TGVX6EqivXx45ZSPEwcP0Q8KJt"
    "0u3xKQZ8GJ0hAfqkn754qKoCgxdnWvX2YDJWEfh6jmlcyh4kGGQjTdyoMF86DBjbb1IE63"
    "AW4kimPKl9+LJ981fNsmyh9IyKzz63EnomYdi/geur6nI4yaRWpyUvC9bI/UpClJe0Zq7G"
    "Tn9nORmtwc61Kk5pqO2GOBpbK61y+zVDzVqlq85iqiUSqBkLpLFmUfLQcTjeQNwVFS7gV5"
    "bh/dkYWQ94Xnoxmmrk/czfhMTX1uLR8U9awGcK8SQhCCaSsEA7WGWgjFrD4KA5DTMhaC3I"
    "i9tcBPPsMamIv9xymRvVzIh6OwNuIrjvcIzUrOmE8w1YOfksqBP5JiTc3x1ZV2cb+8ufk5"
    "g/vldd6q/fuHy6vbo5NoEGQjTxTEGQMyCbkx2ikpQNsI7THx7ncKhOREIRLSOcu4I5GQTP"
    "6zxsbI50cX2xnrlOxqxsYFUhJIDatUOFAkiRhFGCXm2HfoYcYUb2uMfblaIwlfP7nEpYHg"
    "I8HQiMS3ddSwBp6gNUTS3MiVMRknykBJ02ctaZobjeoIayTB+aTZpZIKyMYAbwpCQtkmvP"
    "JHhZoSU8WGxUqgG8wU9TxrmCmutuppCUlIX/EUhmL/oeB33mKhM0VKah6uRWBA6h+QDrIU"
    "rSJOSLgCYXyWTFbKQqAbceglqJlb3llJMLw7Z3hD8iAkDz7713PIyYNxIbib1bl7Ba4jbb"
    "t+lSMes0f6bXclfVIpfCuZZe7fqjyZyg/0BXrwVNofpu7ybjiSyteMuGju0VAQvuk9qqtT"
    "rcModcpS6seCqwiOn6xsTzRlNzR9/qTr8XHItVGkEkM6LQTGW+3GW7xgbQ5JMWc4JWLBrG"
    "+bNByjt4OBkZUEymuX7Qs4sxLOrOyebdHdMytX8PtbjIqkRSVzImB+RUPiHzOGZky+KcJI"
    "SSEsEFOVRVZK3vdogbmKJT/INgGJ9P6Z1ARY8CQviqgyLQoIdjUWRe29G5gWag4oGMDEAB"
    "Pj2ZWtpk2M5IOvCnDS3kLvOORvHmT4gQS78f4yghB8AOPgAMYUjAMwDoyMg3LDoJpRUM0e"
    "uEBx8+/RV07kOMr58RVNWVQnUKnvy4MHxjNMpxFLlFAXBxzNQ6nFc0LQEZdvib6Gnvv1hY"
    "6gWnf3W9mpBaTUbKM1MUM+0LCIIdgIe9oIbRfk79pCVTeB8hDO6DxwbVVRXow11UQItNRO"
    "a6lEVwqpfGiJthoSDGy3BlYNwR9aPnPZ0riWsXB1rP9o9tAs9zqEtGuTjYcFU0y9P8y8UR"
    "khQLpigruPdT7rYnbASsCGc3faJgcEQWjowE4EbEC7HY0VchUazVWIvRkGZmxapD1D9rgp"
    "gGu2YtWxqDvksGalIL9SV2RheWKIwyYTToRmUShmJepkgZxYvh3uknUZ4IfNYSktOZKIQL"
    "0Rg3ojUHd9Jw3w0Az/cOHuOMxZSRjmTg8z5LZBbls3Q8x75ralkJ+qgKgjN7S5Rm+7jKXf"
    "/3RL/Ig6WQJ81NO17Mgu6LPushWPcE+0ijL7bARNcQPrgSvFWbYSKH6/qAko2ZPFQFGmzb"
    "QyAirKAfooO7IMpzb4Q/HsKuEQredfheQC2ThquZ1MJITaZORyiSYsyDH/0dGX3pdedAOr"
    "Wy/ZZJKwg3TMof36MksciPm7kDoAqQOVfVJN+Z6aTh0Adnvz0RdM+YMZxmsJCzE+r4DweS"
    "G+53p0d/Lv5ETBwdNpBw/kD0D+wPOr7P0Dyh9QG/VHOayF6n+6wRbtXzV1og4qKf/DGUGq"
    "tdTIl7LIV5m+D6ow9eipr8pSq2RfSsQDC+64KkLNZWMXLwQJ5J+BJ5YdcORRtGLXZIyCBp"
    "7xhbIJ8lyuBOec+Pfy3tFQjug0wPN+1F00j72xfMxoxtjdi+/Q1LsnFKlBU+WzlaTKZYgI"
    "vy/DRR9x9oWKmbyEkVwO1WXkqpwHaRgjEQby0YQtfLLsQc40pt7gFboKMCeuOjTo639I20"
    "aaLi/n5Gu104HAhOmACQNH/rRw5A8YMM0bMMmyXxXhpL2F+J4MqpgvslUxeWywYcKEnASm"
    "GKdl7GNBNsBMPygWQJvb4KHbiBu2zHOq23zmFXvb0w0qqNuqaSVtu3iot+bHgqLYAUURdJ"
    "jmdZiCuHYJ2TURAIZrZvWvpfwmpmq/NBqPtEw3hkQ91pohkfuLd6/RQEtpx2uhFonHycp/"
    "sLzj35hHd9JEM4JQCbVriuizZxt3bDybNukeiD9m852+pJwofEtd/paA2Q3M7m4G/7p8ak"
    "mGMqlzR+Q5ldu5f4rJWb9DAlwPQLPTfvIbOB8sy05ubzNmxgBbSYCDp5qDR5BHjRpYXLEj"
    "aW8Fvm1X7FDcCUHoLpp3RhIod53WvIFyB5S77mnd3aXc3Yx+I5GTuEDnztwvVblZ0rKJAG"
    "ByrB8EADuihUMAsIUAIMF8+TlV1RDXElZg3LaOeE8C7ukQL1wuUhKgNmgCR1DGreEybvJJ"
    "fKd4QkYQogldtmlkV8zf7bSZnCiM80GMs/k+pBOFWoKaIo2xHWHmH8hJwU6/3UGQNtj29B"
    "B8iruy20WQm2Od8hGEYsQeixwEq5v9Uu9A1KySa6D3gXAu34Qjl4w9l7gq1w1L0DDlOPIw"
    "9OUd37tXidAITwQJ1G/k6METMxQQOR5Ec7Znbb1uDwhmM9sCxqL/c0KFGl2z03ouvem34q"
    "z462Bwevp2cHz65vz12du3r8+PV4vS5q2y1eny+ke1QGU28u0ujTuioREUGypx83qslOeF"
    "v2HWE2QVtpBVmKwyVQFO2lsIbjPB2pk61dkxXCSyUkCRrLBY4CefYc1GWMyzT4m0T7N/Ht"
    "u2EUJ9F511m4yaBaFuHHo8RIcdFoLMF7oq9sW80JQInLuQN+kpeRRODNEOHjKNOFA8Ou0m"
    "8wnmxAmp8DTehfLBzomCO7TL45zYyyb70VrEPl2rEbVW1R9ySBDouJ7FceaslAVFK9uONM"
    "NBHt/OEmY+xikx2KK6Nr4dKd7xifn+RVQNtMAxn23QL3POR4eQrSu41k7ek91HYwfEPSDu"
    "Pfv604JSNZ4xT3uER7EPKyXSjVIRVlXvgIrLFm/IG4dwmnE71hLA66jA64j38j05HUP5qS"
    "gFxXJOx3pudYnP8YlxryTlI317i9q4bNiIzriZ8NFf061BhQQV0m4VElIRGkhFMKwZULiJ"
    "2TBrG0hFOIh0JWtcyGwhtAtESQ2MlYQFcLdQ5HoHYxF8tp03EQMyZoErDfqREZMrJwbhxU"
    "pqDORbQL5FR23z7uZbpAdAZ59nx6fEPk/NiSYrstMQ4jrPbpTHg1Ad2LUArK8ac1F4wjes"
    "hRsLWGgsNqIbjJir0cCKrcWkvQXGS9u2IlTza346z+XuyIzYimsJCzGu3790EOkJB4zvYo"
    "a50Y63EoDpWwHeA/HonxyIfuYS7Pqe7riCchddWg4cdV121P0esiA0ymldS9jnnqs/Y1jl"
    "pvIZ8410loxQi5r4yV8G7UQS6scZU0af5kynupQfVZSWa/G0otWVgz2uaOa5xJHzVL66Ke"
    "h5UcDdAPdlgNGI95oSAd5rud2/A+81IPcekZuuqmZjFuzKytm3ndav3xOfjAVTeJjM/6wU"
    "fAK1fwJjFlLdLlBCxV9JdGM4rDq0cYED4Y29RYTbxqAUR4RzYlAGYWPvDYU6H87EoZ4SAZ"
    "+6sU89LiO3Q0pJVhKcEF12QiSa0A6Vd1OCMMZdHmOOfc3wloQV4vYWLJpN+z6gzsE38QXB"
    "eadw3mk3aX57nneaMu9pVAFY406MBd//dEt8XMCwjzG/kp1YBnjWCEnOgNoTp/ypUzZilW"
    "RP7glVLlvTRqTUuZf7ohRTYZUxbBlSbTCRE9hK2MgpZLczkp3kKNMm04YhWbg9P1QxL/lA"
    "aC+dRxiODX4WLx8kMEECUzc2+v7hJDANCeXF9UVSd0uVBbFsV0lN6F2guDnCaFltAlEmx/"
    "x79HWZ6PIVeRxNAjZHUltAiVn4nxwxShAncujlnNo8NabGfiGPqivLUJm+AnlU9WorkHrS"
    "wtkkoBG2pxFCGkrDaSiJXmO8Emsk4QzMzRV5ToiQzzPHd1MQ4N2Ed3UUq66+yPYDXLXlRQ"
    "BYpWgxHbWyeJdL2lsQpm97j4Ow/U5DcWhh+7HPdjs8PiMI5KYDGGOzYlcZIfvI/40YYcCB"
    "AQ5MNz3Fe3JgGvUUR+ej3jJWFF7ONuiX+ouXZ60Gsm01n/FwRlByzjCaL48HR2KGBZLzJh"
    "BcHQ8e9YmOyKvpK/lnYmEq9+6CUDk4idyLTddx/d3rQ96ao8ZTx87mvcl6gfgx5seTg795"
    "T38zHI7dAg0ZDse29HDsbmNd/+nYqXXaAOislIVA1zapN9TOZ1KLUsej6JSi7OkpJSqRbO"
    "gkR7ZUCqJLAaQE0BFn1FUaiyv/k/OCv/geeVJp4T5TqguXmkSkxvQRoa78MV/CwfHgza/I"
    "o+jvw3fo+vMNUluUNqLeyEMgvH4I6g6E1+t1ikOZ0sYP81MebTMGQ0oEUK6oQco94Q+mK+"
    "dWNpXXMhbiXL/2GG2rmwgXl8JYCXSjEoZVhUmggKHtoRdgCjXLFBrPGCfUiSwE4whmTha+"
    "pC5/SfFoSSNwx3GOJWGUOz3KQEewfowDMpcoOiMyYYFG9Snhx+XkgCEHzM6W4QVW3DexRA"
    "GRB4g8VhJ50iXJ+QMJ9q484vsXUUd2od5oRY0LEnjjWU8T1Ivv9MvieXjdptbCGRAS62KF"
    "jGI/UXGJDBsc383Qc+VHZYBw3NxCdE+Oj6s44o6Piz1x6l6+yjYVhGr04rIy2yuR9qMLz6"
    "MK1xZHeFaayp//Dw+OT6Y="
)
