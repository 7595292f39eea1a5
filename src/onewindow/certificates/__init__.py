"""The electronic certificate library (电子证照库): results issued to a holder, found by the holder's ID
digest and reused at later intakes instead of asking for the paper again."""
