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
        ALTER TABLE "assembly" ADD "welcome_at" TIMESTAMP;
        ALTER TABLE "assembly" ADD "welcome_by" VARCHAR(255);
        ALTER TABLE "assembly" ADD "welcome_text" TEXT;
        ALTER TABLE "membership" ADD "welcomed_at" TIMESTAMP;""",
    "postgres": """
        ALTER TABLE "assembly" ADD "welcome_at" TIMESTAMPTZ;
        ALTER TABLE "assembly" ADD "welcome_by" VARCHAR(255);
        ALTER TABLE "assembly" ADD "welcome_text" TEXT;
        ALTER TABLE "membership" ADD "welcomed_at" TIMESTAMPTZ;""",
}

DOWNGRADE = {
    "sqlite": """
        ALTER TABLE "assembly" DROP COLUMN "welcome_at";
        ALTER TABLE "assembly" DROP COLUMN "welcome_by";
        ALTER TABLE "assembly" DROP COLUMN "welcome_text";
        ALTER TABLE "membership" DROP COLUMN "welcomed_at";""",
    "postgres": """
        ALTER TABLE "assembly" DROP COLUMN "welcome_at";
        ALTER TABLE "assembly" DROP COLUMN "welcome_by";
        ALTER TABLE "assembly" DROP COLUMN "welcome_text";
        ALTER TABLE "membership" DROP COLUMN "welcomed_at";""",
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
    "jmdZiCuHYJ2TURAIZrZvWvg+EqFzNpM2tiwmUc17VQiyzXZJk5WJLrb8yjO6k9GUEou9k1"
    "refZU1s7Np5N2w8PxB+z+U5fUk4UvqUuf0tAIwYacTcjTV0+IiPDz9PZvnkC33aimaIN1m"
    "/9gp0LnC7tJ7+B88FSuuT2NmNmdKOVBHgTqnkTBHnUqIHF5SGS9lbg23Z5CBWoF4Tuonln"
    "JIHf1WnNG/hdwO/qntbdXX7Xzeg3EjmJC3TuzP1SlZslLZuINiVnyEG0qSNaOESbWog2Ec"
    "yXn1NVDXEtYQXGbeuI9yTgng7xwuUiJQFqgyZwBDXDGq4ZJp/Ed4onZAQhmtBlm0Z2xfzd"
    "jjbJicI4H8Q4m+9DOlEoXKepCBjbEWb+gZwU7PTbHQRpg21PD8GnuCu7XQS5OdYpH0EoRu"
    "yxyEGwutkv9Q5EzSq5BnofCOfyTdR58WPPJa5KrMISNEw5jjwMfXnH9+5V1i3CE0EC9Rt5"
    "dLA8CogcD93R9LX1uj0gmE2jChiL/s8JFWp0zY6GufSm34qz4q+Dwenp28Hx6Zvz12dv37"
    "4+P14tSpu3ylany+sf1QKV2ci3uzTuiIZGUGyoxM3rsVKeF/6GWU+QwtZCCluyylQFOGlv"
    "IbjNBGtn6ghhx3CRyEoBRbLCYoGffIY1G2ExyT4l0j7N/nls20YI9V101m0yahaEunHo8R"
    "AddlgIMl/oSqYX80JTIlDkP2/SU/IonBiiHTxkGnGgeHTaTeYTzIkTUuFpvAvlg50TBXdo"
    "l8c5sZdN9qO1iH26ViNqrSp245Ag0HE9i+PMWSkLKiS2HWmGUyO+nSXMfIxTYrBFdW18O1"
    "Ip4hPz/Yuo9GSBYz7boF/mnI9OvFqXC62dvCe7j8YOiHtA3Hv29acFpWo8Y572vIhiH1ZK"
    "BEpF1O7ZgvK+Fm/IGyc+mnE71hLA66jA64j38j05HUP5qSgFxXJOx3pudYnP8YlxryTlI3"
    "17i9q4bNiIzriZ8NFf061BhQQV0m4VElIRGkhFMKwZULiJ2TBrG0hFOIh0JWtcyGwhtAtE"
    "SQ2MlYQFcLdQUXkHYxF8tp03EQMyZoErDfqREZMrJwbhxUpqDORbQL5FR23z7uZbpAdAZ5"
    "9nx6fEPk/NiSbLf9MQ4jrPbpTHg1Ad2LUArK8ac1F4wjeshRsLWGgsNqIbjJir0cCKrcWk"
    "vQXGS9u2IlTza346z+XuyIzYimsJCzGu3790EOkJB4zvYoa50Y63EoDpWwHeA/HonxyIfu"
    "YS7Pqe7riCchddWg4cdV121P0esiA0ymldS9jnnqs/Y1jlpvIZ8410loxQi5r4yV8G7UQS"
    "6scZU0af5kynupQfVZSWa/G0otWVgz2uaOa5xJHzVL66Keh5UcDdAPdlgNGI95oSAd5rud"
    "2/A+81IPcekZuuqmZjFuzKytm3ndav3xOfjAVTeJjM/6wUfAK1fwJjFlLdLlBCxV9JdGM4"
    "1GOtGY4FDoQ39hYRbhuDUhwRzolBGYSNvTcU6nw4E4d6SgR86sY+9biM3A4pJVlJcEJ02Q"
    "mRaEI7VN5NCcIYd3mMOfY1w1sSVojbW7BoNu37gDoH38QXBOedwnmn3aT57Xneacq8p1EF"
    "YI07MRZ8/9Mt8XEBwz7G/Ep2YhngWSMkOQNqT5zyp07ZiFWSPbknVLlsTRuRUude7otSTI"
    "VVxrBlSLXBRE5gK2Ejp5Ddzkh2kqNMm0wbhmTh9vxQxbzkA6G9dB5hODb4Wbx8kMAECUzd"
    "2Oj7h5PANCSUF9cXSd0tVRbEsl0lNaF3geLmCKNltQlEmRzz79HXZaLLV+RxNAnYHEltAS"
    "Vm4X9yxChBnMihl3Nq89SYGvuFPKquLENl+grkUdWrrUDqSQtnk4BG2J5GCGkoDaehJHqN"
    "8UqskYQzMDdX5DkhQj7PHN9NQYB3E97VUay6+iLbD3DVlhcBYJWixXTUyuJdLmlvQZi+7T"
    "0OwvY7DcWhhe3HPtvt8PiMIJCbDmCMzYpdZYTsI/83YoQBBwY4MN30FO/JgWnUUxydj3rL"
    "WFF4OdugX+ovXp61Gsi21XzGwxlByTnDaL48HhyJGRZIzptAcHU8eNQnOiKvpq/kn4mFqd"
    "y7C0Ll4CRyLzZdx/V3rw95a44aTx07m/cm6wXix5gfTw7+5j39zXA4dgs0ZDgc29LDsbuN"
    "df2nY6fWaQOgs1IWAl3bpN5QO59JLUodj6JTirKnp5SoRLKhkxzZUimILgWQEkBHnFFXaS"
    "yu/E/OC/7ie+RJpYX7TKkuXGoSkRrTR4S68sd8CQfHgze/Io+ivw/foevPN0htUdqIeiMP"
    "gfD6Iag7EF6v1ykOZUobP8xPebTNGAwpEUC5ogYp94Q/mK6cW9lUXstYiHP92mO0rW4iXF"
    "wKYyXQjUoYVhUmgQKGtodegCnULFNoPGOcUCeyEIwjmDlZ+JK6/CXFoyWNwB3HOZaEUe70"
    "KAMdwfoxDshcouiMyIQFGtWnhB+XkwOGHDA7W4YXWHHfxBIFRB4g8lhJ5EmXJOcPJNi78o"
    "jvX0Qd2YV6oxU1LkjgjWc9TVAvvtMvi+fhdZtaC2dASKyLFTKK/UTFJTJscHw3Q8+VH5UB"
    "wnFzC9E9OT6u4og7Pi72xKl7+SrbVBCq0YvLymyvRNqPLjyPKlxbHOFZaSp//j+lS88h"
)
