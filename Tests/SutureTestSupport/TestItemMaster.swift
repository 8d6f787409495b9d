/// The item master the import tests load, over HTTP and from the command line
/// (docs/master-data.md, "Importing an item master").
public enum TestItemMaster {
    /// Nine rows: the header and eight items; the sixth item (row 7) has a wrong check digit
    /// (`00614141000013`; `00614141000012` is right).
    public static let csv = """
        id,description,gtin,baseUnit,packaging,manufacturer,lotControlled
        GLOVE-S,"Nitrile gloves, small",00614141000029,EA,BX=100;CS=1000,Acme,true
        GLOVE-L,"Nitrile gloves, large",,EA,BX=100;CS=1000,Acme,true
        SYR-5,Syringe 5 ml,,EA,BX=50,,no
        SWAB,Swab,,EA,,,
        GAUZE,Gauze,,EA,BX=10,,
        TAPE,Tape,00614141000013,EA,,,
        CATH,Catheter,,EA,BX=12;CS=144,,
        MASK,Mask,,EA,BX=50,,

        """
}
