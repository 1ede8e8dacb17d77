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
        CREATE INDEX "idx_thread_root_platfor_2d972e" ON "thread_root" ("platform", "room", "message_id");""",
    "postgres": """
        CREATE INDEX IF NOT EXISTS "idx_thread_root_platfor_2d972e" ON "thread_root" ("platform", "room", "message_id");""",
}

DOWNGRADE = {
    "sqlite": """
        DROP INDEX IF EXISTS "idx_thread_root_platfor_2d972e";""",
    "postgres": """
        DROP INDEX IF EXISTS "idx_thread_root_platfor_2d972e";""",
}

MODELS_STATE = (
    "eJztXW1z2zYS/is4fTlnRklt2bHd9uZm7MRtfU1sT6JeO00yDCRCEmsKYAnQL+3lvx9AkR"
    "JJgRQpkTTJ7Ew+xCQWpB6AwL48u/i7N2cmsfmLsymhJr4UZP6O3fe+Q3/3KJ4T+R99gz7q"
    "YcdZ3VYXBB7ZCwlChEWnBvZFDEvK+AIjLlw8FrLJBNucyEsm4WPXcoTFqLxKPdtWF9lYNp"
    "QdrC551PrTI4ZgUyJmxJU3PnySly1qkgfCwz+dW2NiEduMvb5lqmf71w3x6PjXLqn4wW+o"
    "njYyxsz25nTV2HkUM0aXrS0q1FX5Y4iLBVHdC9dTr6/eLvjR4S9avOmqyeIVIzImmWDPFp"
    "GfOzJW13qGcXU9NN5fDA2jVwCgMaMKXPmq3P/1U/UKzwcHRydHp4fHR6eyif+ayysnXxaP"
    "XgGzEPThuRr2vvj3scCLFj7GK1DZeOy5LqFjsg7uqxl29ejGpRIoy9dPohximgVzeCED51"
    "6vKpTn+MGwCZ2KmfzzaD8D0v+evXv109m7vaP9Z+qBTH4Hi2/lKrgz8G8p1FcoC0vYGoCH"
    "5CFl+i4FqsJ29d3WMIkz4Bxe/DZUPc85/9OOwrj39uw3H+H5Y3DnzfXVj2HzCOyv3lyfJ+"
    "DGpklMY/RYZEpHZbYCPZitTcE8PqUHL1/mmNOyVeqk9u/pYMZiHebXEiZhzUkW1Au5BNRm"
    "IPgi/E/7gM+a7JdvL94Pz97exGb867PhhboziM328OrecWJIlp2gXy+HPyH1J/r9+urCR5"
    "NxMXX9J67aDX/vqXfCnmAGZfeGhD+CSXg5vBQb4XD/L7T1xoU2b8EtWMDK2IWVXjO51W7C"
    "AWLrGP/AXGJN6c/k0Yf6Ur4U1m+6gW73dtFToNi1DOUv4UwKr64+bhffLzXCxASTIMifTs"
    "RifT97/+rs9UXPR3uEx7f32DWNGOzqDhuwxJVl2/Vb88E8eQVTqRGbwQ9Rrx2q1pyT+ch+"
    "TNO8I7cz9W4cNCxf2f7Qc2wsJsz1FXmXsXnvEyjgT6iAR4cjr64SlemEghhXVg4HOXSVw0"
    "GqqqJuxTUVf54XADhs30FwK9EEbUynnlwSi2AclakP597ErceIPM2B8mkqxqfrFuSc/MVo"
    "IYSjMjUifOG5zCHf3GDX4vVgfXyUA+zjo1S01a043GpPLgJ12L5GmMmDY1tjS9QD8cFxDo"
    "gPkrbKCmJ1Kw4xJQ/CoN58RNwCakVCqj7r4qDR+sUK1gmRtrVgt4QWmb9xqRpncVsXCE6E"
    "skH4Osj/eX99pQc5KpP0e1hjgf6HbItXNoF7/5p4dKxwRCPPsuWb8Bfqsf+uaggyIFcYZX"
    "v9kg6+fty5oTpIev3GLlGQbeGQikuW4JJqmgrYJZ9Uii89Sw2q3Zde07I22M8TqZCt0nX5"
    "fT9WseabSnefRNy/nmlpPrXzQOyHn98RaaeqH7iOfegQUV10y1kVt4usO2K4zKOmZqMoAt"
    "Qb2dE71U+HwQrcejsi1UkPaAInpf3ymeXsDFXYUYfRcqQxyji2d8TqJuimw0gp3cZwmL0r"
    "VEPZz43spmNQVRo3CPdBXdAgskdmRAxUK4PckYUFvDFo0DtzHELN54zaj8hmU8QmSEq7j8"
    "gkY4srK8Hv7EUvgVohwZLZPufW9GuJN3w7GBwengz2D49PXx6dnLw83V86BtZvZXkIzi9/"
    "VE6CmP63OSrBvdEfZKzR7tLV7IhIjYp2uLy31gtW2AG2m++rYWSJsr1ft/J3FJm0YfsOBn"
    "rKj6ItFM9CbnGSMlmBUqUPpMmNlAfKVc71ICIBzvDkcrAFNw1cgM13ASq1pYjjPWwPTvfS"
    "ne4hU6kYRTAhBRzBzRzBKCVsR5JggobWMpzzsgQTc6xJNMHXHkkx9oM7/SxT3/RIThNfmu"
    "TYtC1KEHORS+ZqxFyJ1owgtSSOMCfIZffI4v41iaKY9f3/8vGMmJ5NXOTb+ff4lnDkORpv"
    "QDXP2Ow4+CB1SCy8BcNENpUbt2zxYanRu2SyYDaCd6Fx3gWw0qrkOsqJX2huBwJd2oRrmd"
    "8RfXSx/hQ0NVZS9Zgbda4zXbI2VvtMblfoUqK+1EjllA9ySNroBwWTbptvCXhU4EQpsqwV"
    "4PlUaf9cUOGm5Ugt7/WzbKAw7GMQ1TyXOZQ+yFCToFkpUWAeVLjR1h7EaTbAlURxBHnQ7J"
    "0Z1R6C9p3At+5iDy0JmTV+PW5E1KxhEd+263s6ImSxSE1CCr6XzZGaKCVpx0hNN1mn/USk"
    "JjHHmhSpuaQj9pBiqSzv9bMsFUu1yhevufBplErAo+aCRdlHi8FEI3lDcBRm/iPL7KNb4g"
    "h5X1g2mmFq2sRcj8+U1OfGShJ+z2oAd6omASGYukIwUHaihlDM8qMoAHJUpoMgV2JvOfjR"
    "ZlgDc7r/OCKykwu5PQprJb7iYI/QrOSM2QRTPfgRqQT4IylW1RxfXqkX9/Pr6zcx3M8vk1"
    "btL2/PL97tHfiDIBtZIiXO6JIxse62cs0nRME33zhbrSG++VimqUbrTWaipmu+q+TXfOrv"
    "GVISSA2r3AKRL4kYRRiFBsJ36H7GFJNojG25fiAJXz+8xKXKaiPB0IgEt3VkpQqeoFWNo2"
    "y9pXkTpG5AvbUnrbeWGI38CGskwR2i2aXC8oyFAV4XhBSndXjlj/I09S/SVd2lQDO4Eup5"
    "neFKmNqSbBm0FX05NhiK3YeC31qOozNFMgoyrURgQMofkAby5joVypdwuaJwofu4VAeBrs"
    "TFFKJW3PKOS4Lh3TjDG9LZIJ3tyb+eNqezBSW3rpeHAqW4jrTt+nnOn4qfN7TZlXSjksqW"
    "MotstGUhKJWxZgt0b6lENEzNxV1vJJWvGTHR3KKeIHzde1RWp1qHUeQIiMiPBVcRnI2V25"
    "6oym6o+nAs0+JjT65uhUy3mBAYb6Ubb8GCtT4k6SzWiEgHZn3dNNYAvS0MjLgkkDCbbF/A"
    "gVpwoFbzbIvmHqi1hN/eYFSELXKZEy6zcxoSv84YmjH5pggjJYWwQEzVulgqed8jB3MVS7"
    "6XbVzi6/0zqQkw91FeFH6tVOQSbGositJ7L2BaqDmgYAATA0yMJ1e2qjYxwg8+L8Bh+w56"
    "xyGjsJXhB+Jux/uLCULwAYyDFowpGAdgHBQyDrINg3xGQT574AwFzb9HnzmR4yjnx2c0ZX"
    "7lOqW+L0rhj2eYTn2WKKEmdjmae1KL54SgPS7fEn32LPPzMx1BtezuN7JTU0ip8UYrYoZ8"
    "YMGyemAj7Ggj1F0ivmkLVdkEyjYcINZybVVRXgprqqEQaKmN1lKJrjhP9tASbX0eGNhmDW"
    "x7jpiubXUs/9xYr1g2sAeJwEU2HuZOMbX+KuaNigkB0jlTrm2s81mnswOWAl04CaZucoDr"
    "egUd2KFAF9CuR2OFXIVKcxUCb0YBMzYqUp8hu18VwCVbseqgzi1yWONSkF+pK7KwOMPCYJ"
    "MJJ0KzKKSzEnWyQE7M3g63ybp08f36sGSWHAlFoN5IgXojUAl8Kw2wbYa/55hbDnNcEoa5"
    "0cMMuW2Q29bMEPOOuW0R5KcqIGrIDW2+4yH2Z35Pl7KjbkEfd5cteYQ7opWW2ddF0BQ3sB"
    "y4IpzlTgLF75ySgJI9dRgoyrSZVoWA8nOArmRHHcOpDv5QMLsyOESr+ZcjuUA29ltuJhMJ"
    "oTYZuVyiCXMTzH+097H3seffwOrWczaZhOwgHXNot76KJQ4E/F1IHYDUgdw+qap8T1WnDg"
    "C7vfroC6b8vhjGK4kOYnyaA+HTVHxP9ehu5d9JiIKDp9EOHsgfgPyBp1fZ+y3KH1Ab9ZUc"
    "1lT1P9pgg/avmhp+B7mU/+GMINVaauQLWWSrTN97VZh69NhXZalVsi8l4p65t1wVoeaysY"
    "kdQVz5p2uJRQccWRQt2TUxo6CCZ3ykbIIskyvBOSf2nby3N5QjOnXxvO93589jaywfM5ox"
    "dvvsOzS17ghFatBU+WwlqXIZfMLvc8/pI84+UjGTlzCSy6G6jEyV8yANYyQ8Vz6aMMcmix"
    "7kTGPqDV6gCxdzYqpjbD7/Q9o20nR5Pief851XAyZMA0wYOISmhkNowICp3oAJl/28CIft"
    "O4jvwSCP+SJbpZPHBmsmTLsi1HUu0W23X9b07KdUBfnMSvcERxvkUAVV01yaYPpQb8zdBC"
    "WmAUoM7K/V768pMdcMImYoAOzL2OpfBvtSLmbSntPEK7P4lyuhGhmY4TLTWgLmH8yiW6k9"
    "MUEoCdk0refJ0y4bNp5VZ10C9RGoj830jje5rH+MU6SziZKko83kGEV1Kt8qAvsHeCjaT3"
    "4N59bSUKQKMWPFKBJLCbAy81mZgjxoFO30lPawfSfwrTulXQUXBaFb2DZxSeCkNNq6AU4K"
    "cFKap3U3l5NyPfqD+M7DFJ07dj9T5WZhyyqiEOG5VxCFaIgWDlGIGqIQBPPF55RXQ1xJdA"
    "LjunXEO+JyS4d46nIRkQC1QRNQgDpHFdc5kk/iW0VsYoIQsWmyTSO7YvZ2xzEkRGGcWzHO"
    "xfchnSgU29JUMQvsiGL+gYQU7PSbHQRRg21HD8FN0FW3XQSJOdYoH4EnRuwhzUGwvNnP9A"
    "74zXK5BnpvCefyTdQZ12PLJKZKBsESNEw59j0MfXnHtu5UpiDCE0Fc9Ru5fxg2cokcD91x"
    "2qX1WnJA8Nyafi3eiG8Hg8PDk8H+4fHpy6OTk5en+8tVZ/1W1vJzfvmjWoFiO/Vmn8Ut0f"
    "AE0i2RoHk5ZsjTwl8x3QXyamrIq3EZKwRw2L6D4FYTjZ2pc02NgotEXAq4cTkWC/xoM6zZ"
    "CNPZ1RGR+vnVT2O8VsKkbqI3bp0y4xBqBrHFNnrksBBk7ujqOKcTPyMiUHk8abNT8iCMAK"
    "ItXGAaceBwNNoPZhPMieFRYWncB9mDnRAFf2eTx5kTKrSOuIz9aCXSPV2rErVWVeAwiOvq"
    "yJzpgeS4VAfKttUdSoZS9l/PErbNKem0RF2kYYta28e3ISUCbphtn/n18FI87/EG/Szvu3"
    "8Mz6qGYensPNm9P3bAzANm3pOvPzUoVeMZs7RF7NN9WBERqBFQumcLao52eENeO4auGHlj"
    "JQHEjRzEjWAv35G0MZSfilJQOk7aWM2tJhE2bhi3MnI6orc3qI2LhpXojOsZHf0VnxpUSF"
    "Ahu61CQq5BBbkGBYsCpG5iXZi1FeQatCIfqTMuZOYI7QKRUeRiKdEBuGso87qFsQg+28ab"
    "iC4ZM9eUBv2oEJMrIQbhxVxqDCRUQEJFQ23z5iZURAdAZ5/HxyfDPo/MiSrrPlMP4jpPbp"
    "QHg5Af2JUArK8ac1FYwi5YBDUQ6KCxWIluMGKmRgNLtxbD9h0wXuq2FaFcX/XTeS53R1aI"
    "rbiS6CDG5fuXWpGe0GJ8nRnmhXa8pQBM3xzwtsSjf9AS/cwk2LQtXZ36bBddVA4cdU121P"
    "3pMdcrlNO6kuiee678jGGVm8pnzC6ks8SEatTED74Z1BNJKB9nTBl9nDOd6pJ9Rk1UrsZj"
    "apZXWntOzcwyiSHnqXz1oqAnRQH3ArgvAoyFeK8REeC9Ztv9W/BeXXJnEbnpqnI1xYJdcb"
    "nubafl6/fEJmPBFB5F5n9cCj6B0j+BMfOobhfIoOIvJZoxHOqxnRkOB7vCGluOj9vaoKRH"
    "hBNiUAZhbe/1xJjpjn1Od6hHRMCnXtinHtSJ2yKlJC4JTogmOyFCTWiL0roRQRjjJo8xx7"
    "ZmeDPCCkH7DiyaVfs+oM7BV/EFwYGmcKBpM2l+Ox5oGjHvqV/iV+NODAR/+PkdsXEKwz7A"
    "/EJ20jHA40ZIeMjTjjglj5XqIlZh9uSOUCWyNbuIlDrYcleUAiqsMoY7hlQdTOQQtgw2cg"
    "TZzYxkIzyrtMq0YUgWrs8Plc5LbgntpfEIw7nAT+LlgwQmSGBqxkbfb08C09Cvev+OsTSl"
    "Id4gU2UIKui7sm0uhaE3nBEUnh6B5otTXZCYYYHkvHEFV6e6+H2iPfJi+kL+GSL5T46YQ6"
    "gcnFDu2fo5MeV3r1dkIudfhEc1RA4TSOo0eoHgMWqGfAKtp06tB448qcG5DEeedPTIk2Zj"
    "Xf6ZJ5F1ugDQcakOAl3apF5TO59ILYoUvdMpRfGaeBkqkWxohIX4NitEZ0gJICWA9jijpt"
    "JYTPlPzgv+7HtkSaWF20ypLlxqEr4a00eEmvLHfPQG+4PjT+owvF+Gr9Dl+2uktqh1taiq"
    "h0DyeRvUHUg+L9nFA8nnVZdoVvSCYinRERFAOacGKfeEv5guSS9rKq9kOohz+dqjv62uI5"
    "xOcF4KNIPf3Cm6OaSldp3rBGUIqs2jGc8YJ9TwLYSiX1FSFr6kJn9JwWhJI3DLcQ4kYZQb"
    "Pcq2HKutGMBRQRjjJo+xS+YSRWNEJszVqD6pboA1ua28AQ0b2LKdAXMiZzidGoWdLOuCAO"
    "86vJCi8FUsUZCiACkKzSTylJaisDiqbGc+eeLYyI6gXilP+oy41njW0wT1gjv9rHgeXrUp"
    "lQ4NIbEm8p7T/UTpxOcuOL4rCTCoj6oAwkHzDqJ7sL+fxxG3v5/uiVP3krVTqCBUoxdnFU"
    "9ZitQfXXgaVbi0OMKT0lS+/B+erUVm"
)
